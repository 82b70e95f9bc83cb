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
 * itself is what tracing adds; with {@code bench.workMicros} each also spins that long, like a test
 * that does some work. The suite's classes are the subclasses in {@link TinySuite}.
 *
 * <p>Not thread-safe (JUnit creates an instance per test).
 */
public abstract class TinyTests {
    /** Plain test methods per class. */
    public static final int PLAIN = 50;
    /** Default parameterized rows per class. */
    public static final int ROWS = 50;

    /**
     * Microseconds of work each test does ({@code bench.workMicros}, default 0): a test that does
     * some work. The work is a fixed amount of computation, measured once per JVM to take that long
     * on this machine, not a wait for the clock: a test slowed by tracing threads competing for the
     * cores (or for its caches) takes longer, as a real test does.
     */
    private static final long WORK_ITERATIONS = calibrate(Long.getLong("bench.workMicros", 0));
    private static volatile long sink;

    /** {@code value}, after {@link #WORK_ITERATIONS} rounds of arithmetic. */
    static String work(String value) {
        if (WORK_ITERATIONS > 0) {
            sink += spin(WORK_ITERATIONS, value.length());
        }
        return value;
    }

    private static long spin(long iterations, long seed) {
        long x = seed | 1;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /** Iterations of {@link #spin} that take {@code micros} here: the fastest of a few timed runs, once warm. */
    private static long calibrate(long micros) {
        if (micros <= 0) {
            return 0;
        }
        long probe = 200_000;
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 40; i++) {
            long start = System.nanoTime();
            sink += spin(probe, i);
            best = Math.min(best, (System.nanoTime() - start) / (double) probe);
        }
        return Math.max(1, (long) (micros * 1_000 / best));
    }

    /** The rows of {@link #row}: {@code bench.rows} of them. */
    static IntStream rows() {
        return IntStream.range(0, Integer.getInteger("bench.rows", ROWS));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void row(int i) {
        assertEquals(i + 1, Integer.parseInt(work(Integer.toString(i))) + 1);
    }

    @Test void t00() { assertEquals(0, Integer.parseInt(work("0"))); }
    @Test void t01() { assertEquals(1, Integer.parseInt(work("1"))); }
    @Test void t02() { assertEquals(2, Integer.parseInt(work("2"))); }
    @Test void t03() { assertEquals(3, Integer.parseInt(work("3"))); }
    @Test void t04() { assertEquals(4, Integer.parseInt(work("4"))); }
    @Test void t05() { assertEquals(5, Integer.parseInt(work("5"))); }
    @Test void t06() { assertEquals(6, Integer.parseInt(work("6"))); }
    @Test void t07() { assertEquals(7, Integer.parseInt(work("7"))); }
    @Test void t08() { assertEquals(8, Integer.parseInt(work("8"))); }
    @Test void t09() { assertEquals(9, Integer.parseInt(work("9"))); }
    @Test void t10() { assertEquals(10, Integer.parseInt(work("10"))); }
    @Test void t11() { assertEquals(11, Integer.parseInt(work("11"))); }
    @Test void t12() { assertEquals(12, Integer.parseInt(work("12"))); }
    @Test void t13() { assertEquals(13, Integer.parseInt(work("13"))); }
    @Test void t14() { assertEquals(14, Integer.parseInt(work("14"))); }
    @Test void t15() { assertEquals(15, Integer.parseInt(work("15"))); }
    @Test void t16() { assertEquals(16, Integer.parseInt(work("16"))); }
    @Test void t17() { assertEquals(17, Integer.parseInt(work("17"))); }
    @Test void t18() { assertEquals(18, Integer.parseInt(work("18"))); }
    @Test void t19() { assertEquals(19, Integer.parseInt(work("19"))); }
    @Test void t20() { assertEquals(20, Integer.parseInt(work("20"))); }
    @Test void t21() { assertEquals(21, Integer.parseInt(work("21"))); }
    @Test void t22() { assertEquals(22, Integer.parseInt(work("22"))); }
    @Test void t23() { assertEquals(23, Integer.parseInt(work("23"))); }
    @Test void t24() { assertEquals(24, Integer.parseInt(work("24"))); }
    @Test void t25() { assertEquals(25, Integer.parseInt(work("25"))); }
    @Test void t26() { assertEquals(26, Integer.parseInt(work("26"))); }
    @Test void t27() { assertEquals(27, Integer.parseInt(work("27"))); }
    @Test void t28() { assertEquals(28, Integer.parseInt(work("28"))); }
    @Test void t29() { assertEquals(29, Integer.parseInt(work("29"))); }
    @Test void t30() { assertEquals(30, Integer.parseInt(work("30"))); }
    @Test void t31() { assertEquals(31, Integer.parseInt(work("31"))); }
    @Test void t32() { assertEquals(32, Integer.parseInt(work("32"))); }
    @Test void t33() { assertEquals(33, Integer.parseInt(work("33"))); }
    @Test void t34() { assertEquals(34, Integer.parseInt(work("34"))); }
    @Test void t35() { assertEquals(35, Integer.parseInt(work("35"))); }
    @Test void t36() { assertEquals(36, Integer.parseInt(work("36"))); }
    @Test void t37() { assertEquals(37, Integer.parseInt(work("37"))); }
    @Test void t38() { assertEquals(38, Integer.parseInt(work("38"))); }
    @Test void t39() { assertEquals(39, Integer.parseInt(work("39"))); }
    @Test void t40() { assertEquals(40, Integer.parseInt(work("40"))); }
    @Test void t41() { assertEquals(41, Integer.parseInt(work("41"))); }
    @Test void t42() { assertEquals(42, Integer.parseInt(work("42"))); }
    @Test void t43() { assertEquals(43, Integer.parseInt(work("43"))); }
    @Test void t44() { assertEquals(44, Integer.parseInt(work("44"))); }
    @Test void t45() { assertEquals(45, Integer.parseInt(work("45"))); }
    @Test void t46() { assertEquals(46, Integer.parseInt(work("46"))); }
    @Test void t47() { assertEquals(47, Integer.parseInt(work("47"))); }
    @Test void t48() { assertEquals(48, Integer.parseInt(work("48"))); }
    @Test void t49() { assertEquals(49, Integer.parseInt(work("49"))); }
}
