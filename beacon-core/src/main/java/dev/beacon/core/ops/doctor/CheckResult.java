package dev.beacon.core.ops.doctor;

/**
 * One line of the checklist.
 *
 * @param name   what was checked, e.g. {@code etcd endpoint http://10.0.0.5:2379}
 * @param status PASS, WARN or FAIL
 * @param detail what the check saw, in words and figures
 * @param hint   what to do about it; null on PASS
 */
public record CheckResult(String name, CheckStatus status, String detail, String hint) {
    public static CheckResult pass(String name, String detail) {
        return new CheckResult(name, CheckStatus.PASS, detail, null);
    }

    public static CheckResult warn(String name, String detail, String hint) {
        return new CheckResult(name, CheckStatus.WARN, detail, hint);
    }

    public static CheckResult fail(String name, String detail, String hint) {
        return new CheckResult(name, CheckStatus.FAIL, detail, hint);
    }
}
