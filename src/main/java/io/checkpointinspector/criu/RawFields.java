package io.checkpointinspector.criu;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.UnknownFieldSet;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Access to values that the generated classes do not expose directly.
 *
 * <p>In proto2 Java an enum value unknown to our schema (e.g. a file type added by a newer CRIU)
 * is not stored in the enum field: the field reads as unset and the raw number lands in the
 * message's unknown-field set under the same field number. These helpers find it again so that
 * the model can say "type 42 (unknown)".
 */
public final class RawFields {
  private RawFields() {}

  /**
   * The raw number of a singular enum field: the known value if set, else the last varint stored
   * as an unknown field under the field's number, else empty.
   *
   * @throws IllegalArgumentException if the message has no enum field of that name
   */
  public static OptionalLong enumNumber(MessageOrBuilder msg, String fieldName) {
    FieldDescriptor f = enumField(msg, fieldName);
    if (!f.isRepeated() && msg.hasField(f)) {
      return OptionalLong.of(((EnumValueDescriptor) msg.getField(f)).getNumber());
    }
    UnknownFieldSet.Field u = msg.getUnknownFields().getField(f.getNumber());
    List<Long> v = u.getVarintList();
    return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(v.get(v.size() - 1));
  }

  /**
   * All raw numbers of a repeated (or singular) enum field: known values first in order, then
   * the unknown ones (their relative position to known values is not preserved by protobuf).
   */
  public static List<Long> enumNumbers(MessageOrBuilder msg, String fieldName) {
    FieldDescriptor f = enumField(msg, fieldName);
    List<Long> out = new ArrayList<>();
    if (f.isRepeated()) {
      int n = msg.getRepeatedFieldCount(f);
      for (int i = 0; i < n; i++) {
        out.add((long) ((EnumValueDescriptor) msg.getRepeatedField(f, i)).getNumber());
      }
      out.addAll(msg.getUnknownFields().getField(f.getNumber()).getVarintList());
      return out;
    }
    enumNumber(msg, fieldName).ifPresent(out::add);
    return out;
  }

  /** True if the enum field holds a number our schema does not know. */
  public static boolean hasUnknownEnumValue(MessageOrBuilder msg, String fieldName) {
    FieldDescriptor f = enumField(msg, fieldName);
    return !msg.getUnknownFields().getField(f.getNumber()).getVarintList().isEmpty();
  }

  /**
   * Label of an enum field for display: the value name ({@code "REG"}), or {@code "42
   * (unknown)"} for a number our schema does not know, or {@code null} if the field is absent.
   */
  public static String enumLabel(MessageOrBuilder msg, String fieldName) {
    FieldDescriptor f = enumField(msg, fieldName);
    if (!f.isRepeated() && msg.hasField(f)) {
      return ((EnumValueDescriptor) msg.getField(f)).getName();
    }
    OptionalLong n = enumNumber(msg, fieldName);
    return n.isPresent() ? enumLabel(f, n.getAsLong()) : null;
  }

  /** Name of {@code number} in the field's enum, or {@code "<number> (unknown)"}. */
  public static String enumLabel(FieldDescriptor enumField, long number) {
    if (number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) {
      EnumValueDescriptor v = enumField.getEnumType().findValueByNumber((int) number);
      if (v != null) {
        return v.getName();
      }
    }
    return (int) number + " (unknown)";
  }

  private static FieldDescriptor enumField(MessageOrBuilder msg, String fieldName) {
    FieldDescriptor f = msg.getDescriptorForType().findFieldByName(fieldName);
    if (f == null || f.getJavaType() != FieldDescriptor.JavaType.ENUM) {
      throw new IllegalArgumentException(
          msg.getDescriptorForType().getName() + " has no enum field " + fieldName);
    }
    return f;
  }
}
