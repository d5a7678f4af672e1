/**
 * The configuration center: items per app/profile stored as plain values under {@code {root}/config/},
 * Beacon's metadata beside them under {@code {root}/meta/config/}, writes as etcd transactions with
 * {@code If-Match} compares ({@link dev.beacon.core.config.ConfigStore}), history records written after the
 * fact from the change feed by every server, exactly once ({@link dev.beacon.core.config.HistoryRecorder}),
 * history reads and rollback ({@link dev.beacon.core.config.ConfigHistory}), documents in properties, YAML
 * and JSON ({@link dev.beacon.core.config.ConfigDocuments}) and the Spring Cloud Config view
 * ({@link dev.beacon.core.config.PropertySources}).
 */
package dev.beacon.core.config;
