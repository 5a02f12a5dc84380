{{/* The chart's name, truncated for Kubernetes names. */}}
{{- define "authcloud.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* A service's full name: <release>-<service>, e.g. prod-backup. */}}
{{- define "authcloud.serviceName" -}}
{{- printf "%s-%s" .root.Release.Name .service | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The standard labels of every object. */}}
{{- define "authcloud.labels" -}}
app.kubernetes.io/name: {{ include "authcloud.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- if .service }}
app.kubernetes.io/component: {{ .service }}-service
{{- end }}
{{- end -}}

{{/* The minimal labels that select one service's pods. */}}
{{- define "authcloud.selectorLabels" -}}
app.kubernetes.io/name: {{ include "authcloud.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}-service
{{- end -}}

{{/* A service's image, tagged by version (never "latest": a tag must name one build). */}}
{{- define "authcloud.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- if eq $tag "latest" -}}
{{- fail "image.tag: \"latest\" names no build; give the version (the chart's appVersion when empty)" -}}
{{- end -}}
{{- printf "%s/%s/%s-service:%s" .root.Values.image.registry .root.Values.image.repository .service $tag -}}
{{- end -}}

{{/* The services the chart knows; any other name under services is refused before anything renders. */}}
{{- define "authcloud.checkServices" -}}
{{- range $service, $config := .Values.services -}}
{{- if not (has $service (list "backup" "recovery" "verification" "notification")) -}}
{{- fail (printf "services.%s: there is no such service (backup, recovery, verification, notification)" $service) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A service's ServiceAccount: its own when serviceAccount.create, else the namespace's default. */}}
{{- define "authcloud.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create -}}
{{- include "authcloud.serviceName" . -}}
{{- else -}}
default
{{- end -}}
{{- end -}}

{{/* An environment variable from the chart's existing Secret. */}}
{{- define "authcloud.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.secrets.existingSecret }}
      key: {{ .key }}
{{- end -}}

{{/* The environment every service shares. */}}
{{- define "authcloud.commonEnv" -}}
- name: AUTHCLOUD_BIND_HOST
  value: "0.0.0.0"
- name: {{ .service | upper }}_PORT
  value: "8080"
- name: PGHOST
  value: {{ ternary (printf "%s-rw" (include "authcloud.postgresqlCluster" .root)) .root.Values.postgresql.host .root.Values.cloudnativepg.enabled | quote }}
- name: PGPORT
  value: {{ .root.Values.postgresql.port | quote }}
- name: {{ .service | upper }}_DB_NAME
  value: {{ (index .root.Values.services .service).database.name | quote }}
- name: {{ .service | upper }}_DB_USER
  value: {{ (index .root.Values.services .service).database.user | quote }}
- name: QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE
  value: {{ (index .root.Values.services .service).database.poolSize | quote }}
- name: PGSSLMODE
  value: {{ .root.Values.postgresql.sslMode | quote }}
{{- if include "authcloud.postgresqlCa" .root }}
- name: PGSSLROOTCERT
  value: /etc/authcloud/ca/postgresql/ca.crt
- name: PGSSL_TRUST_ROOT_CERT
  value: "true"
{{- end }}
{{- if eq .root.Values.postgresql.sslMode "verify-full" }}
- name: PGSSL_HOSTNAME_VERIFICATION
  value: HTTPS
{{- end }}
{{ include "authcloud.secretEnv" (dict "root" .root "name" (printf "%s_DB_PASSWORD" (.service | upper)) "key" (index .root.Values.secrets.keys (printf "%sDbPassword" .service))) }}
{{- with (index .root.Values.services .service).database.migrationUser }}
{{- /* Migrations by a login of their own: the app's login then only reads and writes (docs/operations.md). */}}
- name: QUARKUS_FLYWAY_USERNAME
  value: {{ . | quote }}
{{ include "authcloud.secretEnv" (dict "root" $.root "name" "QUARKUS_FLYWAY_PASSWORD" "key" (printf "%s-db-migration-password" $.service)) }}
{{- end }}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ .root.Values.kafka.bootstrapServers | quote }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ .root.Values.kafka.securityProtocol | quote }}
{{- if hasPrefix "SASL_" .root.Values.kafka.securityProtocol }}
{{- $login := include "authcloud.kafkaLogin" . | fromYaml }}
- name: KAFKA_SASL_USERNAME
  value: {{ $login.username | quote }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $login.secretName }}
      key: {{ $login.passwordKey }}
{{- end }}
{{- if include "authcloud.kafkaCa" .root }}
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: /etc/authcloud/ca/kafka/ca.crt
{{- end }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .root.Values.tracing.otlpEndpoint | quote }}
- name: OIDC_AUTH_SERVER_URL
  value: {{ .root.Values.oidc.authServerUrl | quote }}
- name: OIDC_AUDIENCE
  value: {{ .root.Values.oidc.audience | quote }}
- name: AUTHCLOUD_SECURITY_SERVED_CLIENTS
  value: {{ join "," .root.Values.oidc.servedClients | quote }}
{{- if ne .service "backup" }}
- name: QUARKUS_OIDC_CLIENT_CLIENT_ID
  value: {{ .root.Values.oidc.clientId | quote }}
{{ include "authcloud.secretEnv" (dict "root" .root "name" "AUTHCLOUD_SERVICES_CLIENT_SECRET" "key" .root.Values.secrets.keys.servicesClientSecret) }}
{{- end }}
{{- if has .service (list "verification" "notification") }}
- name: KEYCLOAK_URL
  value: {{ .root.Values.oidc.adminUrl | quote }}
- name: AUTHCLOUD_DIRECTORY_REALM
  value: {{ .root.Values.oidc.realm | quote }}
{{- end }}
{{- if has .service (list "verification" "notification") }}
- name: AUTHCLOUD_PUBLIC_URL
  value: {{ .root.Values.publicUrl | quote }}
{{- end }}
- name: JDK_JAVA_OPTIONS
  value: {{ .root.Values.javaOptions | quote }}
{{- if ne .service "recovery" }}
- name: REDIS_HOST
  value: {{ .root.Values.redis.host | quote }}
- name: REDIS_PORT
  value: {{ .root.Values.redis.port | quote }}
- name: REDIS_TLS
  value: {{ .root.Values.redis.tls | quote }}
- name: REDIS_USERNAME
  value: {{ index .root.Values.redis.users .service | quote }}
{{ include "authcloud.secretEnv" (dict "root" .root "name" "REDIS_PASSWORD" "key" (index .root.Values.secrets.keys (printf "%sRedisPassword" .service))) }}
{{- end }}
{{- end -}}

{{/* The API's path prefixes (DESIGN.md §2) and the service behind each, for the Ingress and the HTTPRoutes. */}}
{{- define "authcloud.routes" -}}
{{- list
  (dict "path" "/v1/backups" "service" "backup")
  (dict "path" "/v1/recoveries" "service" "recovery")
  (dict "path" "/v1/recovery-keys" "service" "recovery")
  (dict "path" "/v1/me" "service" "recovery")
  (dict "path" "/v1/me/activity" "service" "notification")
  (dict "path" "/v1/verifications" "service" "verification")
  (dict "path" "/v1/qr-activations" "service" "verification")
  (dict "path" "/v1/devices" "service" "notification")
  (dict "path" "/v1/push-credentials" "service" "notification")
  (dict "path" "/v1/sign-in-requests" "service" "notification")
  (dict "path" "/v1/sign-ins" "service" "notification")
  (dict "path" "/account" "service" "notification")
  | toJson -}}
{{- end -}}

{{/* The CloudNativePG cluster's name; its read-write Service is <name>-rw. */}}
{{- define "authcloud.postgresqlCluster" -}}
{{- printf "%s-postgresql" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The Secret holding PostgreSQL's CA when the services verify the server (verify-ca, verify-full), else empty. */}}
{{- define "authcloud.postgresqlCa" -}}
{{- if has .Values.postgresql.sslMode (list "verify-ca" "verify-full") -}}
{{- default (printf "%s-ca" (include "authcloud.postgresqlCluster" .)) .Values.postgresql.ca.secretName -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding the Kafka brokers' CA when the services connect over TLS (SSL, SASL_SSL), else empty. */}}
{{- define "authcloud.kafkaCa" -}}
{{- if hasSuffix "SSL" .Values.kafka.securityProtocol -}}
{{- default (printf "%s-cluster-ca-cert" .Values.kafka.topics.clusterName) .Values.kafka.ca.secretName -}}
{{- end -}}
{{- end -}}

{{/* A service's SASL login (YAML: username, secretName, passwordKey): by default its KafkaUser's, <service>-service. */}}
{{- define "authcloud.kafkaLogin" -}}
{{- $login := index .root.Values.kafka.users .service -}}
{{- $user := printf "%s-service" .service -}}
username: {{ default $user $login.username }}
secretName: {{ default $user $login.secretName }}
passwordKey: {{ $login.passwordKey }}
{{- end -}}

{{/*
What each service may do on Kafka, written once: the topics it writes, and those it reads. A reader
also writes the dead-letter topic <topic>-dlq of each and reads as its consumer group <service>-service
(templates/kafka-users.yaml turns this into ACLs; docs/operations.md, "Kafka principals and ACLs").
*/}}
{{- define "authcloud.kafkaAccess" -}}
backup:
  writes: [backup-events]
  # Its side of backup transfers (RecoveryKeyCopied, RecoveryKeyCopyFailed) and erasures (ErasureRequested).
  reads: [recovery-events]
recovery:
  writes: [recovery-events]
  reads: [backup-events, verification-events, credential-events]
verification:
  writes: [verification-events, notification-requests]
  # Erasures: recovery-service's ErasureRequested.
  reads: [recovery-events]
notification:
  writes: [credential-events]
  reads: [notification-requests, verification-events, recovery-events, credential-events, backup-events]
  # The security-activity projection reads four of those again in a consumer group of its own.
  groups: [notification-service-activity]
{{- end -}}

{{/* The CA volumes of a pod (PostgreSQL's, Kafka's), only the CA certificate of each Secret. */}}
{{- define "authcloud.caVolumes" -}}
{{- with include "authcloud.postgresqlCa" . }}
- name: postgresql-ca
  secret:
    secretName: {{ . }}
    items:
      - {key: {{ $.Values.postgresql.ca.key }}, path: ca.crt}
{{- end }}
{{- with include "authcloud.kafkaCa" . }}
- name: kafka-ca
  secret:
    secretName: {{ . }}
    items:
      - {key: {{ $.Values.kafka.ca.key }}, path: ca.crt}
{{- end }}
{{- end -}}

{{/* The CA volumes' mounts, where PGSSLROOTCERT and KAFKA_SSL_TRUSTSTORE_LOCATION point. */}}
{{- define "authcloud.caVolumeMounts" -}}
{{- if include "authcloud.postgresqlCa" . }}
- name: postgresql-ca
  mountPath: /etc/authcloud/ca/postgresql
  readOnly: true
{{- end }}
{{- if include "authcloud.kafkaCa" . }}
- name: kafka-ca
  mountPath: /etc/authcloud/ca/kafka
  readOnly: true
{{- end }}
{{- end -}}
