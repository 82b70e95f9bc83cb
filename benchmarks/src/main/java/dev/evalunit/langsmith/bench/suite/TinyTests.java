package dev.evalunit.langsmith.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tests of one class of the per-test benchmark's suite: {@value #PLAIN} plain {@code @Test}
 * methods and one {@code @ParameterizedTest} with {@code bench.rows} rows (default {@value #ROWS}),
 * every one trivial (an assertion on a small computation), so that what a test costs beyond JUnit
 * itself is what tracing adds. The suite's classes are the subclasses in {@link TinySuite}.
 *
 * <p>Not thread-safe (JUnit creates an instance per test).
 */
public abstract class TinyTests {
    /** Plain test methods per class. */
    public static final int PLAIN = 50;
    /** Default parameterized rows per class. */
    public static final int ROWS = 50;

    /** The rows of {@link #row}: {@code bench.rows} of them. */
    static IntStream rows() {
        return IntStream.range(0, Integer.getInteger("bench.rows", ROWS));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void row(int i) {
        assertEquals(i + 1, Integer.parseInt(Integer.toString(i)) + 1);
    }

    @Test void t00() { assertEquals(0, Integer.parseInt("0")); }
    @Test void t01() { assertEquals(1, Integer.parseInt("1")); }
    @Test void t02() { assertEquals(2, Integer.parseInt("2")); }
    @Test void t03() { assertEquals(3, Integer.parseInt("3")); }
    @Test void t04() { assertEquals(4, Integer.parseInt("4")); }
    @Test void t05() { assertEquals(5, Integer.parseInt("5")); }
    @Test void t06() { assertEquals(6, Integer.parseInt("6")); }
    @Test void t07() { assertEquals(7, Integer.parseInt("7")); }
    @Test void t08() { assertEquals(8, Integer.parseInt("8")); }
    @Test void t09() { assertEquals(9, Integer.parseInt("9")); }
    @Test void t10() { assertEquals(10, Integer.parseInt("10")); }
    @Test void t11() { assertEquals(11, Integer.parseInt("11")); }
    @Test void t12() { assertEquals(12, Integer.parseInt("12")); }
    @Test void t13() { assertEquals(13, Integer.parseInt("13")); }
    @Test void t14() { assertEquals(14, Integer.parseInt("14")); }
    @Test void t15() { assertEquals(15, Integer.parseInt("15")); }
    @Test void t16() { assertEquals(16, Integer.parseInt("16")); }
    @Test void t17() { assertEquals(17, Integer.parseInt("17")); }
    @Test void t18() { assertEquals(18, Integer.parseInt("18")); }
    @Test void t19() { assertEquals(19, Integer.parseInt("19")); }
    @Test void t20() { assertEquals(20, Integer.parseInt("20")); }
    @Test void t21() { assertEquals(21, Integer.parseInt("21")); }
    @Test void t22() { assertEquals(22, Integer.parseInt("22")); }
    @Test void t23() { assertEquals(23, Integer.parseInt("23")); }
    @Test void t24() { assertEquals(24, Integer.parseInt("24")); }
    @Test void t25() { assertEquals(25, Integer.parseInt("25")); }
    @Test void t26() { assertEquals(26, Integer.parseInt("26")); }
    @Test void t27() { assertEquals(27, Integer.parseInt("27")); }
    @Test void t28() { assertEquals(28, Integer.parseInt("28")); }
    @Test void t29() { assertEquals(29, Integer.parseInt("29")); }
    @Test void t30() { assertEquals(30, Integer.parseInt("30")); }
    @Test void t31() { assertEquals(31, Integer.parseInt("31")); }
    @Test void t32() { assertEquals(32, Integer.parseInt("32")); }
    @Test void t33() { assertEquals(33, Integer.parseInt("33")); }
    @Test void t34() { assertEquals(34, Integer.parseInt("34")); }
    @Test void t35() { assertEquals(35, Integer.parseInt("35")); }
    @Test void t36() { assertEquals(36, Integer.parseInt("36")); }
    @Test void t37() { assertEquals(37, Integer.parseInt("37")); }
    @Test void t38() { assertEquals(38, Integer.parseInt("38")); }
    @Test void t39() { assertEquals(39, Integer.parseInt("39")); }
    @Test void t40() { assertEquals(40, Integer.parseInt("40")); }
    @Test void t41() { assertEquals(41, Integer.parseInt("41")); }
    @Test void t42() { assertEquals(42, Integer.parseInt("42")); }
    @Test void t43() { assertEquals(43, Integer.parseInt("43")); }
    @Test void t44() { assertEquals(44, Integer.parseInt("44")); }
    @Test void t45() { assertEquals(45, Integer.parseInt("45")); }
    @Test void t46() { assertEquals(46, Integer.parseInt("46")); }
    @Test void t47() { assertEquals(47, Integer.parseInt("47")); }
    @Test void t48() { assertEquals(48, Integer.parseInt("48")); }
    @Test void t49() { assertEquals(49, Integer.parseInt("49")); }
}
