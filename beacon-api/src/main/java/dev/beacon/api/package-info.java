/** The wire contract shared by server and clients: error codes, header names, JSON records of API.md. */
package dev.beacon.api;
