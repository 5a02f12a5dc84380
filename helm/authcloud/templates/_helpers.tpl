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
{{ include "authcloud.secretEnv" (dict "root" .root "name" (printf "%s_DB_PASSWORD" (.service | upper)) "key" (index .root.Values.secrets.keys (printf "%sDbPassword" .service))) }}
{{- with (index .root.Values.services .service).database.migrationUser }}
{{- /* Migrations by a login of their own: the app's login then only reads and writes (docs/operations.md). */}}
- name: QUARKUS_FLYWAY_USERNAME
  value: {{ . | quote }}
{{ include "authcloud.secretEnv" (dict "root" $.root "name" "QUARKUS_FLYWAY_PASSWORD" "key" (printf "%s-db-migration-password" $.service)) }}
{{- end }}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ .root.Values.kafka.bootstrapServers | quote }}
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
{{- end }}
{{- end -}}

{{/* The API's path prefixes (DESIGN.md §2) and the service behind each, for the Ingress and the HTTPRoutes. */}}
{{- define "authcloud.routes" -}}
{{- list
  (dict "path" "/v1/backups" "service" "backup")
  (dict "path" "/v1/recoveries" "service" "recovery")
  (dict "path" "/v1/recovery-keys" "service" "recovery")
  (dict "path" "/v1/me" "service" "recovery")
  (dict "path" "/v1/verifications" "service" "verification")
  (dict "path" "/v1/qr-activations" "service" "verification")
  (dict "path" "/v1/devices" "service" "notification")
  (dict "path" "/v1/push-credentials" "service" "notification")
  (dict "path" "/v1/sign-in-requests" "service" "notification")
  (dict "path" "/v1/sign-ins" "service" "notification")
  | toJson -}}
{{- end -}}

{{/* The CloudNativePG cluster's name; its read-write Service is <name>-rw. */}}
{{- define "authcloud.postgresqlCluster" -}}
{{- printf "%s-postgresql" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
