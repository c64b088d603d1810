# syntax=docker/dockerfile:1
# ogem in a container: the runtime image of the release archive, which the normal Maven build makes and
# CI tests (InstallIT unpacks and runs the same archive). This file only builds it and unpacks it.
#
#   docker build -t ogem .
#   docker run -p 8080:8080 -e OPEN_GEMINI_API_KEY=... -e OPENAI_API_KEY=... \
#     -v "$PWD/config.yaml:/etc/ogem/config.yaml:ro" ogem --config /etc/ogem/config.yaml

# Build stage: the Maven build (tests are CI's job), which leaves ogem-VERSION-linux-ARCH.tar.gz in
# ogem-server/target. JDK 25, so the archive carries an AOT cache.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

# Runtime stage: a small glibc base (the JRE in the archive is linked against glibc), the archive
# unpacked as it is (file times kept: the AOT cache checks them), run as an unprivileged user.
FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin ogem
RUN --mount=type=bind,from=build,source=/src/ogem-server/target,target=/dist \
    mkdir -p /opt/ogem \
 && tar -xzf /dist/ogem-*-linux-*.tar.gz -C /opt/ogem --strip-components=1 --no-same-owner
USER 10001:10001
WORKDIR /opt/ogem
ENV PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["/opt/ogem/bin/ogem", "--health-check"]
ENTRYPOINT ["/opt/ogem/bin/ogem"]
