/**
 * The operator's troubleshooting checklist as something that runs: {@link dev.beacon.core.ops.doctor.Doctor}
 * runs every {@link dev.beacon.core.ops.doctor.DoctorCheck} (one small class per check) and answers PASS, WARN or
 * FAIL for each, with what it saw and what to do. Checks share one {@link dev.beacon.core.ops.doctor.DoctorContext}
 * per run, so each etcd member is asked for its status once.
 */
package dev.beacon.core.ops.doctor;
