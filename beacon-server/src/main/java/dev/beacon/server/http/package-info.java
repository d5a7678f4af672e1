/** The HTTP pipeline: the route table ({@link dev.beacon.server.http.Routes}), JSON, error mapping, request ids and the access log. */
package dev.beacon.server.http;
