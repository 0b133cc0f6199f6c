package io.checkpointinspector.ui;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;

/** The application icon in every size we ship (resources io/checkpointinspector/icons/). */
public final class AppIcons {

    static final int[] SIZES = {16, 24, 32, 48, 64, 128, 256};

    private AppIcons() {
    }

    public static List<Image> all() {
        List<Image> out = new ArrayList<>();
        for (int s : SIZES) {
            Image i = of(s);
            if (i != null) {
                out.add(i);
            }
        }
        return out;
    }

    /** The icon of size px, or null when it is missing. */
    public static Image of(int px) {
        String name = "/io/checkpointinspector/icons/checkpoint-inspector-" + px + ".png";
        try (InputStream in = AppIcons.class.getResourceAsStream(name)) {
            return in == null ? null : new Image(in);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
