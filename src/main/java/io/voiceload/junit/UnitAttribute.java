package io.voiceload.junit;

import java.lang.annotation.Annotation;
import java.util.regex.Pattern;

/**
 * The {@code unit} attribute {@link LoadTest} and {@link CapacityTest} share: what one iteration, or one user of a
 * search, stands for, in the plural ({@code "calls"}), checked the same way for both.
 */
final class UnitAttribute {

    /** The attribute's name. */
    static final String NAME = "unit";

    /** Letters, spaces and hyphens, starting with a letter: a plural noun such as "calls" or "guest sessions". */
    private static final Pattern UNIT = Pattern.compile("\\p{L}[\\p{L} -]{0,29}");

    private UnitAttribute() {}

    /**
     * What is wrong with a unit, to follow the attribute's name in a message; empty when it is fine.
     *
     * @param stands what the unit names, e.g. "what one iteration is"
     */
    static String problem(String unit, String stands) {
        return UNIT.matcher(unit).matches()
                ? ""
                : "must name " + stands + ", in the plural, e.g. \"calls\": letters, spaces and hyphens, at most 30"
                        + " characters";
    }

    /**
     * The unit for the result file and the report: empty when it is the annotation's default, which names no unit
     * of work ({@code "iterations"}, {@code "users"}), else the unit as written.
     */
    static String reported(Annotation annotation, String unit) {
        Object byDefault;
        try {
            byDefault = annotation.annotationType().getMethod(NAME).getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(
                    "@" + annotation.annotationType().getSimpleName() + " has no " + NAME, e);
        }
        return unit.strip().equals(byDefault) ? "" : unit.strip();
    }
}
