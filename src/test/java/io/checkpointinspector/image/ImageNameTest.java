package io.checkpointinspector.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageNameTest {

    @Test
    void shortNamesAreCompletedAsPodmanDoes() {
        assertThat(ImageName.parse("counter").reference()).isEqualTo("localhost/counter:latest");
        assertThat(ImageName.parse("counter:1.0").reference()).isEqualTo("localhost/counter:1.0");
        assertThat(ImageName.parse("team/counter").reference()).isEqualTo("localhost/team/counter:latest");
        assertThat(ImageName.parse("localhost/counter:v2").reference()).isEqualTo("localhost/counter:v2");
        assertThat(ImageName.parse("registry.example.com:5000/a/b-c_d.e:x").reference())
                .isEqualTo("registry.example.com:5000/a/b-c_d.e:x");
        assertThat(ImageName.parse("  ci-build-1  ").reference()).isEqualTo("localhost/ci-build-1:latest");
    }

    @Test
    void invalidNamesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ImageName.parse("")).hasMessageContaining("an image name is needed");
        assertThatThrownBy(() -> ImageName.parse("Counter")).hasMessageContaining("lowercase");
        assertThatThrownBy(() -> ImageName.parse("a@sha256:00")).hasMessageContaining("digest");
        assertThatThrownBy(() -> ImageName.parse("a:-bad")).hasMessageContaining("invalid tag");
        assertThatThrownBy(() -> ImageName.parse("a/../b")).hasMessageContaining("invalid image name");
        assertThatThrownBy(() -> ImageName.parse("a b")).hasMessageContaining("invalid image name");
        assertThatThrownBy(() -> ImageName.parse("-a")).hasMessageContaining("invalid image name");
        assertThatThrownBy(() -> ImageName.parse("x".repeat(256))).hasMessageContaining("255");
    }
}
