# Build stage: a full JDK and Maven, dependencies cached in their own layer.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
# Tests are not compiled or run here (the class archive is made in the runtime stage, for its JVM).
RUN mvn -B -q package -Dmaven.test.skip=true

# Runtime stage: a JRE only, an unprivileged user, the fat jar and the shipped configs.
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /app --shell /usr/sbin/nologin switchboard
WORKDIR /app
COPY --from=build /src/target/switchboard.jar /app/switchboard.jar
COPY conf /app/conf
# Listen on every interface inside the container; publish the port to choose who reaches it.
# JAVA_OPTS: the README's run command (class archive, SerialGC, 128 MB heap; see "Performance").
ENV SWITCHBOARD_BIND=0.0.0.0 \
    SWITCHBOARD_CONFIG=/app/conf/switchboard.json5 \
    JAVA_OPTS="-XX:SharedArchiveFile=/app/switchboard.jsa -XX:+UseSerialGC -Xmx128m -XX:+ExitOnOutOfMemoryError"
# Class-data sharing archive, made here because only this image's JVM can use it: a training start
# of the bridge, stopped by SIGTERM after its first 200 from /healthz, writes every class it loaded.
# /app/.cache: where the bridge keeps SQLite's native library once unpacked (README "Performance").
RUN mkdir -p /app/data \
 && (java -XX:ArchiveClassesAtExit=/app/switchboard.jsa -XX:+UseSerialGC -Xmx128m -jar /app/switchboard.jar run & \
     pid=$!; until curl -fs -o /dev/null http://127.0.0.1:8080/healthz; do sleep 0.2; done; kill $pid; wait $pid; test -s /app/switchboard.jsa) \
 && rm -rf /app/data/* /root/.cache && chown switchboard /app/data \
 && mkdir /app/.cache && chown switchboard /app/.cache
USER switchboard
VOLUME /app/data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
# exec: java becomes PID 1 and receives SIGTERM, so Vert.x closes cleanly (in-flight turns, store).
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/switchboard.jar run"]
