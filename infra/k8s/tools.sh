#!/usr/bin/env bash
# The two tools the manifest test needs, fetched once into ~/.cache/linkage (idempotent, quiet when
# present): kustomize (built from the Go module proxy) and kubernetes-validate (PyPI; it bundles the
# Kubernetes JSON schemas, so validation needs no network). Prints `KUSTOMIZE=… KUBERNETES_VALIDATE=…`.
set -euo pipefail
KUSTOMIZE_VERSION=v5.7.1
KUBERNETES_VALIDATE_VERSION=1.37.0
CACHE="${LINKAGE_CACHE:-$HOME/.cache/linkage}"
BIN="$CACHE/bin"
VENV="$CACHE/k8s-venv-$KUBERNETES_VALIDATE_VERSION"
mkdir -p "$BIN"

kustomize="$BIN/kustomize-$KUSTOMIZE_VERSION"
if [ ! -x "$kustomize" ]; then
  command -v go >/dev/null || { echo "[k8s] Go is needed to build kustomize $KUSTOMIZE_VERSION (apt-get install golang, or put kustomize-$KUSTOMIZE_VERSION in $BIN)" >&2; exit 1; }
  echo "[k8s] building kustomize $KUSTOMIZE_VERSION from the Go module proxy (once)" >&2
  tmp="$(mktemp -d)"
  # The module proxy only: a `direct` fallback would try to clone from source hosts.
  CGO_ENABLED=0 GOPROXY=https://proxy.golang.org GOBIN="$tmp" GOFLAGS=-mod=mod go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" >&2
  mv "$tmp/kustomize" "$kustomize"
  rmdir "$tmp"
fi

validate="$VENV/bin/kubernetes-validate"
if [ ! -x "$validate" ]; then
  echo "[k8s] installing kubernetes-validate $KUBERNETES_VALIDATE_VERSION from PyPI (once)" >&2
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" >&2
fi
echo "KUSTOMIZE=$kustomize KUBERNETES_VALIDATE=$validate"
