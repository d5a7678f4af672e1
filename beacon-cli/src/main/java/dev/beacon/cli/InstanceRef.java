package dev.beacon.cli;

/** The JSON answer of the instance commands that the API answers with an empty 200: which instance, and its status now. */
record InstanceRef(String service, String id, String status) {
}
