/** Human-readable text shared by the command line and the window: units for sizes, counts and durations, rootfs entry facts. */
package io.checkpointinspector.text;
