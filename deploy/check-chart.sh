#!/usr/bin/env bash
# Chart checks: helm lint, helm template with the required values only and with
# a production-like values file, the rendered objects checked against the code
# (deploy/check-rendered.cjs), and the Grafana dashboard's metric names.
#
# helm is built from source through the Go module proxy (`go install`) into
# .cache/helm/ on first use, which takes a few minutes; without Go the chart
# checks are skipped, saying so. Set HELM to use a helm binary of your own.
set -euo pipefail
cd "$(dirname "$0")/.."

HELM_VERSION=v3.22.0
CHART=deploy/hookline
OUT=.cache/chart-check
mkdir -p "$OUT"

# The dashboard check needs only Node; run it first, with or without helm.
ensure_yaml() {
  if npm exec --offline -- node -e "require.resolve('yaml', { paths: ['.', '.cache/deploy-tools'] })" 2>/dev/null; then return; fi
  echo "installing the yaml parser (npm) into .cache/deploy-tools"
  npm install --prefix .cache/deploy-tools --no-save --no-audit --no-fund --ignore-scripts yaml@2 >/dev/null
}
ensure_yaml
npm exec --offline -- node deploy/check-rendered.cjs dashboard

helm_bin="${HELM:-}"
if [ -z "$helm_bin" ]; then
  helm_bin=".cache/helm/$HELM_VERSION/helm"
  if [ ! -x "$helm_bin" ]; then
    if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then PATH="$PATH:/usr/local/go/bin"; fi
    if ! command -v go >/dev/null 2>&1; then
      echo "SKIP chart checks: no helm and no Go toolchain to build it (install Go, or set HELM=/path/to/helm)"
      exit 0
    fi
    echo "building helm $HELM_VERSION with go install (Go module proxy; a few minutes the first time)"
    # The version stamps helm's own Makefile sets (Kubernetes 1.37: its client-go is v0.37).
    ldflags="-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
    for pkg in pkg/lint/rules pkg/chartutil; do
      ldflags+=" -X helm.sh/helm/v3/$pkg.k8sVersionMajor=1 -X helm.sh/helm/v3/$pkg.k8sVersionMinor=37"
    done
    GOBIN="$PWD/.cache/helm/$HELM_VERSION" GOFLAGS=-mod=mod go install -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  fi
fi
echo "helm: $("$helm_bin" version --short)"

required=(--set kafka.brokers=kafka:9092 --set database.existingSecret=hookline-db
          --set secrets.masterKey=MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE= --set secrets.adminToken=check-token)
production=(-f deploy/production-values.example.yaml)
# Render for a Kubernetes version users run, whatever helm's own default.
kube=(--kube-version 1.31.0)

echo "== helm lint (renders every template, NOTES.txt included)"
"$helm_bin" lint --strict "$CHART" "${kube[@]}" "${required[@]}"
"$helm_bin" lint --strict "$CHART" "${kube[@]}" "${production[@]}"

echo "== the required values are required"
if "$helm_bin" template check "$CHART" "${kube[@]}" >"$OUT/missing.txt" 2>&1; then
  echo "helm template without kafka.brokers, database.existingSecret and secrets succeeded" >&2
  exit 1
fi
grep -q "is required" "$OUT/missing.txt" || { cat "$OUT/missing.txt" >&2; exit 1; }
if "$helm_bin" template check "$CHART" "${kube[@]}" "${required[@]}" --set secrets.masterKey=short >"$OUT/bad-key.txt" 2>&1; then
  echo "helm template accepted a master key that is not 32 bytes" >&2
  exit 1
fi

echo "== helm template"
"$helm_bin" template check "$CHART" --namespace hookline "${kube[@]}" "${required[@]}" >"$OUT/default.yaml"
npm exec --offline -- node deploy/check-rendered.cjs default "$OUT/default.yaml"
"$helm_bin" template check "$CHART" --namespace hookline "${kube[@]}" "${production[@]}" >"$OUT/production.yaml"
npm exec --offline -- node deploy/check-rendered.cjs production "$OUT/production.yaml"
echo "chart checks passed"
