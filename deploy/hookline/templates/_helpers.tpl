{{/* Names and labels */}}
{{- define "hookline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "hookline.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "hookline.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "hookline.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "hookline.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "hookline.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: hookline
{{- end }}

{{/* Selector labels of one component: (dict "root" $ "component" "registry") */}}
{{- define "hookline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hookline.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "hookline.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "hookline.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "hookline.fullname" .)) }}
{{- end }}

{{/* Environment, in pieces each service and Job takes what it reads */}}
{{- define "hookline.env.kafka" -}}
- name: KAFKA_BROKERS
  value: {{ required "kafka.brokers is required (comma-separated bootstrap brokers)" .Values.kafka.brokers | quote }}
- name: HOOKLINE_TOPIC_PREFIX
  value: {{ .Values.kafka.topicPrefix | quote }}
{{- end }}

{{- define "hookline.env.common" -}}
{{ include "hookline.env.kafka" . }}
- name: LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
{{- with .Values.otel.exporterOtlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- range $name, $value := .Values.otel.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end }}

{{- define "hookline.env.database" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ required "database.existingSecret is required (a Secret holding the Postgres URL)" .Values.database.existingSecret }}
      key: {{ .Values.database.existingSecretKey }}
{{- end }}

{{- define "hookline.env.masterKey" -}}
- name: HOOKLINE_MASTER_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "hookline.secretName" . }}
      key: HOOKLINE_MASTER_KEY
{{- end }}

{{- define "hookline.env.adminToken" -}}
- name: HOOKLINE_ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "hookline.secretName" . }}
      key: HOOKLINE_ADMIN_TOKEN
{{- end }}

{{- define "hookline.env.network" -}}
- name: HOOKLINE_ALLOW_HTTP
  value: {{ .Values.config.allowHttp | quote }}
- name: HOOKLINE_ALLOW_PRIVATE_NETWORKS
  value: {{ .Values.config.allowPrivateNetworks | quote }}
{{- end }}

{{- define "hookline.env.retrySchedule" -}}
- name: HOOKLINE_RETRY_SCHEDULE
  value: {{ .Values.config.retrySchedule | quote }}
{{- end }}

{{- define "hookline.env.historyRetention" -}}
- name: HOOKLINE_HISTORY_RETENTION
  value: {{ .Values.config.historyRetention | quote }}
{{- end }}

{{- define "hookline.env.partitions" -}}
- name: HOOKLINE_PARTITIONS
  value: {{ .Values.kafka.partitions | quote }}
{{- end }}

{{/* name: value maps (config.extraEnv, <component>.env) as env entries */}}
{{- define "hookline.env.map" -}}
{{- range $name, $value := . }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end }}

{{- define "hookline.containerSecurity" -}}
securityContext:
  {{- toYaml .Values.securityContext | nindent 2 }}
{{- end }}

{{/*
One service's Deployment: (dict "root" $ "component" "registry" "env" <yaml list> "http" true)
http: the app serves its API on the same port (a preStop sleep lets load
balancers let go before the drain); workers serve only /healthz /readyz /metrics.
*/}}
{{- define "hookline.deployment" -}}
{{- $root := .root -}}
{{- $values := index $root.Values .component -}}
{{- $portName := ternary "http" "ops" .http -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "hookline.fullname" $root }}-{{ .component }}
  labels:
    {{- include "hookline.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  replicas: {{ $values.replicas }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      {{- include "hookline.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "hookline.selectorLabels" . | nindent 8 }}
        {{- with $root.Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        {{- if not $root.Values.secrets.existingSecret }}
        checksum/secrets: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
        {{- end }}
        {{- if $root.Values.metrics.podAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $values.port | quote }}
        prometheus.io/path: /metrics
        {{- end }}
        {{- with $root.Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.serviceAccountName }}
      serviceAccountName: {{ . }}
      {{- end }}
      automountServiceAccountToken: false
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ $root.Values.terminationGracePeriodSeconds }}
      containers:
        - name: {{ .component }}
          image: {{ include "hookline.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command: ["node", "dist/apps/{{ .component }}/src/main.js"]
          env:
            - name: PORT
              value: {{ $values.port | quote }}
            # Services bind loopback by default (laptops); a pod must answer its probes and Service.
            - name: HOOKLINE_BIND_ADDRESS
              value: "0.0.0.0"
            {{- .env | nindent 12 }}
            {{- with $root.Values.config.extraEnv }}{{ include "hookline.env.map" . | nindent 12 }}{{ end }}
            {{- with $values.env }}{{ include "hookline.env.map" . | nindent 12 }}{{ end }}
          ports:
            - name: {{ $portName }}
              containerPort: {{ $values.port }}
              protocol: TCP
          startupProbe:
            httpGet: { path: /healthz, port: {{ $portName }} }
            periodSeconds: 5
            failureThreshold: 36
          livenessProbe:
            httpGet: { path: /healthz, port: {{ $portName }} }
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet: { path: /readyz, port: {{ $portName }} }
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          {{- if and .http (gt (int $root.Values.preStopSleepSeconds) 0) }}
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "{{ $root.Values.preStopSleepSeconds }}"]
          {{- end }}
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          {{- include "hookline.containerSecurity" $root | nindent 10 }}
          volumeMounts:
            - { name: tmp, mountPath: /tmp }
      volumes:
        - { name: tmp, emptyDir: {} }
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{/* A Service in front of one component: (dict "root" $ "component" "registry" "http" true) */}}
{{- define "hookline.service" -}}
{{- $values := index .root.Values .component -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "hookline.fullname" .root }}-{{ .component }}
  labels:
    {{- include "hookline.labels" .root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  {{- if .http }}
  type: {{ $values.service.type }}
  ports:
    - name: http
      port: {{ $values.service.port }}
      targetPort: http
      protocol: TCP
  {{- else }}
  clusterIP: None
  ports:
    - name: ops
      port: {{ $values.port }}
      targetPort: ops
      protocol: TCP
  {{- end }}
  selector:
    {{- include "hookline.selectorLabels" . | nindent 4 }}
{{- end }}

{{/* PodDisruptionBudget, when the component runs more than one replica */}}
{{- define "hookline.pdb" -}}
{{- $values := index .root.Values .component -}}
{{- if and .root.Values.podDisruptionBudget.enabled (gt (int $values.replicas) 1) }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "hookline.fullname" .root }}-{{ .component }}
  labels:
    {{- include "hookline.labels" .root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  maxUnavailable: {{ .root.Values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "hookline.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end }}

{{/* A hook Job running one command: (dict "root" $ "name" "migrate" "weight" "-5" "command" (list ...) "env" <yaml list>) */}}
{{- define "hookline.hookJob" -}}
{{- $root := .root -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "hookline.fullname" $root }}-{{ .name }}
  labels:
    {{- include "hookline.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .name }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: {{ .weight | quote }}
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ $root.Values.hooks.backoffLimit }}
  activeDeadlineSeconds: {{ $root.Values.hooks.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "hookline.selectorLabels" (dict "root" $root "component" .name) | nindent 8 }}
    spec:
      restartPolicy: Never
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.serviceAccountName }}
      serviceAccountName: {{ . }}
      {{- end }}
      automountServiceAccountToken: false
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .name }}
          image: {{ include "hookline.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command: {{ toJson .command }}
          env:
            {{- .env | nindent 12 }}
            {{- with $root.Values.config.extraEnv }}{{ include "hookline.env.map" . | nindent 12 }}{{ end }}
          resources:
            {{- toYaml $root.Values.hooks.resources | nindent 12 }}
          {{- include "hookline.containerSecurity" $root | nindent 10 }}
{{- end }}
