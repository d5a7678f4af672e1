# Beacon server image: the fat jar on a JRE, run as a non-root user, with a health check.
#   docker build -t beacon .
#   docker run -p 8080:8080 -e BEACON_ETCD=http://etcd:2379 beacon
# The image holds no etcd: point it at a cluster (BEACON_ETCD); see deploy/kubernetes/ for a 3-member one.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl beacon-server -am package && cp beacon-server/target/beacon-server-*-all.jar /beacon-server.jar

FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 beacon && useradd --system --uid 10001 --gid beacon --home-dir /var/lib/beacon \
      --create-home --shell /usr/sbin/nologin beacon
COPY --from=build /beacon-server.jar /opt/beacon/beacon-server.jar
USER 10001:10001
WORKDIR /var/lib/beacon
ENV BEACON_HOST=0.0.0.0 BEACON_PORT=8080 BEACON_DATA_DIR=/var/lib/beacon BEACON_LOG_FORMAT=json \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# bash's /dev/tcp: no curl needed in the image
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${BEACON_PORT} && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/opt/beacon/beacon-server.jar"]
