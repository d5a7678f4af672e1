/** Beacon's etcd layer. Only this module imports jetcd; no class here knows an HTTP status. */
package dev.beacon.core;
