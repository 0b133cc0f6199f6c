package io.checkpointinspector.model;

/** Facts about the CRIU dump itself, from inventory.img, core images and dump.log. Absent values are null. */
public record CriuInfo(String version, Integer imagesVersion, String arch, Integer pageSize) {
}
