#!/usr/bin/env bash
# Fetches Apache Kafka (kafka_2.13 and all its runtime dependencies) plus a log4j2 backend
# from Maven Central with the machine's Maven, into a cache that survives between runs.
# Idempotent: a complete cache (marked by .complete) is reused without touching the network.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [[ -f "$KAFKA_LIB_DIR/.complete" ]]; then
  exit 0
fi
command -v mvn >/dev/null || { log "mvn not found on PATH"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.learning-account</groupId>
  <artifactId>kafka-broker-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_${SCALA_VERSION}</artifactId>
      <version>${KAFKA_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-api</artifactId>
      <version>${LOG4J_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>${LOG4J_VERSION}</version>
    </dependency>
    <!-- kafka_2.13 brings slf4j-api 1.7; the log4j2 binding below is for SLF4J 2 (backward compatible API) -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-api</artifactId>
      <version>${SLF4J_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j2-impl</artifactId>
      <version>${LOG4J_VERSION}</version>
    </dependency>
  </dependencies>
</project>
POM

log "fetching kafka_${SCALA_VERSION}:${KAFKA_VERSION} + log4j ${LOG4J_VERSION} from Maven Central (first run only)"
tmp_lib="$KAFKA_LIB_DIR.partial"
rm -rf "$tmp_lib"
mkdir -p "$tmp_lib"
mvn -B -q -f "$work/pom.xml" \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$tmp_lib" >&2
# Exactly one SLF4J binding: the log4j2 one.
rm -f "$tmp_lib"/slf4j-reload4j-*.jar "$tmp_lib"/slf4j-log4j12-*.jar "$tmp_lib"/logback-classic-*.jar
ls "$tmp_lib"/kafka_${SCALA_VERSION}-${KAFKA_VERSION}.jar >/dev/null
touch "$tmp_lib/.complete"
rm -rf "$KAFKA_LIB_DIR"
mv "$tmp_lib" "$KAFKA_LIB_DIR"
log "cached $(ls "$KAFKA_LIB_DIR"/*.jar | wc -l) jars in $KAFKA_LIB_DIR"
