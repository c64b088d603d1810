# ogem as a minimal runtime image: a jlink-built JRE holding only the JDK modules the module graph
# needs, with the application jars beside it on the module path.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package
RUN app=ogem-server/target/ogem-server-0.1.0-SNAPSHOT.jar:ogem-server/target/libs \
 && modules=$(java --show-module-resolution --dry-run -p "$app" -m dev.ogem.server/dev.ogem.server.Main 2>&1 \
      | grep ' requires ' | grep -vE '^(java|jdk)\.' | awk '{print $3}' | grep -E '^(java|jdk)\.' | sort -u | paste -sd, -) \
 && jlink --add-modules "java.base,$modules,jdk.crypto.ec,jdk.unsupported,jdk.zipfs" \
      --strip-debug --no-header-files --no-man-pages --compress zip-6 --output /jre \
 && mkdir -p /app/libs && cp ogem-server/target/ogem-server-*.jar /app/ && cp ogem-server/target/libs/*.jar /app/libs/

FROM debian:bookworm-slim
COPY --from=build /jre /opt/jre
COPY --from=build /app /opt/ogem
WORKDIR /opt/ogem
ENV PORT=8080
EXPOSE 8080
USER 65534
ENTRYPOINT ["/opt/jre/bin/java", "-XX:+UseSerialGC", "-Xms32m", "-Xmx512m", "-p", "/opt/ogem/ogem-server-0.1.0-SNAPSHOT.jar:/opt/ogem/libs", "-m", "dev.ogem.server/dev.ogem.server.Main"]
