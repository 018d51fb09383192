#!/usr/bin/env bash
# Build the Kubernetes control-plane binaries and shared tools from the pinned
# Go modules under tools/ (versions in tools/versions.env).
#
#   bash tools/build.sh                 # everything
#   bash tools/build.sh 1.29.15 helm    # only some targets
#
# Targets: all (default), k8s (every Kubernetes version), <k8s version>,
#          helm, sealed-secrets.
#
# Layout (git-ignored, override the root with TOOLS_CACHE_DIR):
#   .cache/assets/<k8s version>/{kube-apiserver,kubectl,etcd,VERSION}   # KUBEBUILDER_ASSETS dirs
#   .cache/bin/{helm,kubeseal,controller}
#   .cache/etcd/<etcd version>/etcd                             # shared by asset dirs
#   .cache/stamps/*.stamp                                       # what each binary was built from
# A binary is rebuilt only when its stamp (Go version, package, module pins,
# ldflags) changes. Needs only Go and the Go module proxy.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=versions.env
. "$here/versions.env"

cache=${TOOLS_CACHE_DIR:-$root/.cache}
assets=$cache/assets bin=$cache/bin stamps=$cache/stamps
mkdir -p "$assets" "$bin" "$stamps" "$cache/etcd"

command -v go >/dev/null || { echo "build.sh: go not found in PATH" >&2; exit 1; }
export CGO_ENABLED=0
export GOTOOLCHAIN=${GOTOOLCHAIN:-local}   # never try to download another toolchain
case " ${GOFLAGS:-} " in *" -mod="*) ;; *) export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod" ;; esac
export GOMAXPROCS=${GOMAXPROCS:-$(nproc 2>/dev/null || echo 2)}
gover=$(go env GOVERSION)

built=() skipped=()

# build NAME MODDIR PKG OUT LDFLAGS
build() {
  local name=$1 moddir=$2 pkg=$3 out=$4 ldflags=$5
  local stamp=$stamps/$name.stamp key
  key="$gover $pkg $(cat "$moddir/go.mod" "$moddir/go.sum" | sha256sum | cut -c1-16) $ldflags"
  if [ -x "$out" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
    skipped+=("$name"); return 0
  fi
  echo ">> building $name ($pkg) -> $out"
  local t0=$SECONDS tmp="$out.tmp.$$"
  mkdir -p "$(dirname "$out")"
  (cd "$moddir" && go build -p "$GOMAXPROCS" -trimpath -ldflags "$ldflags" -o "$tmp" "$pkg")
  mv -f "$tmp" "$out"
  printf '%s' "$key" > "$stamp"
  echo "   built $name in $((SECONDS - t0))s"
  built+=("$name $((SECONDS - t0))s")
}

# require_pin MODDIR MODULE VERSION: the module dir must match versions.env.
require_pin() {
  [ -f "$1/go.mod" ] && grep -Eq "^(require )?[[:space:]]*$2 $3\$" "$1/go.mod" || {
    echo "build.sh: $1/go.mod does not pin $2 $3; run tools/gen-modules.sh" >&2; exit 1; }
}

build_k8s() {
  local v=$1 minor=${1%.*} moddir=$here/k8s-${1%.*} dir=$assets/$1
  require_pin "$moddir" k8s.io/kubernetes "v$v"
  local ld="-s -w" p
  # What Kubernetes' hack/lib/version.sh sets, so --version / `kubectl version` are right.
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=v$v -X $p.gitMajor=${v%%.*} -X $p.gitMinor=${minor#*.}"
    ld+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  build "kube-apiserver-$v" "$moddir" k8s.io/kubernetes/cmd/kube-apiserver "$dir/kube-apiserver" "$ld"
  build "kubectl-$v" "$moddir" k8s.io/kubernetes/cmd/kubectl "$dir/kubectl" "$ld"

  local var=ETCD_VERSION_${minor//./_}
  local ev=${!var:?versions.env lacks $var}
  require_pin "$here/etcd-${ev%.*}" go.etcd.io/etcd/server/v3 "v$ev"
  build "etcd-$ev" "$here/etcd-${ev%.*}" go.etcd.io/etcd/server/v3 "$cache/etcd/$ev/etcd" "-s -w"
  ln -f "$cache/etcd/$ev/etcd" "$dir/etcd" 2>/dev/null || cp -f "$cache/etcd/$ev/etcd" "$dir/etcd"
  echo "v$v" > "$dir/VERSION"
}

build_helm() {
  local moddir=$here/helm kv
  require_pin "$moddir" helm.sh/helm/v3 "v$HELM_VERSION"
  kv=$(cd "$moddir" && go list -m -f '{{.Version}}' k8s.io/client-go)   # v0.37.0 -> Kubernetes 1.37
  kv=${kv#v0.}; kv=${kv%%.*}
  local ld="-s -w -X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION"
  ld+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
  local p
  for p in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ld+=" -X $p.k8sVersionMajor=1 -X $p.k8sVersionMinor=$kv"
  done
  build "helm-$HELM_VERSION" "$moddir" helm.sh/helm/v3/cmd/helm "$bin/helm" "$ld"
}

build_sealed_secrets() {
  local moddir=$here/sealed-secrets m=github.com/bitnami/sealed-secrets
  require_pin "$moddir" $m "v$SEALED_SECRETS_VERSION"
  local ld="-s -w -X main.VERSION=v$SEALED_SECRETS_VERSION"
  build "kubeseal-$SEALED_SECRETS_VERSION" "$moddir" $m/cmd/kubeseal "$bin/kubeseal" "$ld"
  build "controller-$SEALED_SECRETS_VERSION" "$moddir" $m/cmd/controller "$bin/controller" "$ld"
}

[ $# -gt 0 ] || set -- all
t_start=$SECONDS
for target in "$@"; do
  case $target in
    all) for v in $K8S_VERSIONS; do build_k8s "$v"; done; build_helm; build_sealed_secrets ;;
    k8s) for v in $K8S_VERSIONS; do build_k8s "$v"; done ;;
    helm) build_helm ;;
    sealed-secrets) build_sealed_secrets ;;
    [0-9]*.*) case " $K8S_VERSIONS " in *" $target "*) build_k8s "$target" ;;
                *) echo "build.sh: $target is not in K8S_VERSIONS ($K8S_VERSIONS)" >&2; exit 2 ;; esac ;;
    *) echo "build.sh: unknown target '$target' (all|k8s|<k8s version>|helm|sealed-secrets)" >&2; exit 2 ;;
  esac
done

# ---- summary ---------------------------------------------------------------
size() { du -h "$1" | cut -f1; }
first_line() { "$@" 2>&1 | head -n1 || true; }
echo
echo "== tools/build.sh summary ($gover, GOMAXPROCS=$GOMAXPROCS, $((SECONDS - t_start))s)"
[ ${#built[@]} -eq 0 ] || printf '   built:   %s\n' "${built[@]}"
[ ${#skipped[@]} -eq 0 ] || echo "   up to date: ${skipped[*]}"
for v in $K8S_VERSIONS; do
  d=$assets/$v
  [ -d "$d" ] || continue
  echo "KUBEBUILDER_ASSETS=$d"
  [ -x "$d/kube-apiserver" ] && printf '   %-15s %5s  %s\n' kube-apiserver "$(size "$d/kube-apiserver")" "$(first_line "$d/kube-apiserver" --version)"
  [ -x "$d/kubectl" ] && printf '   %-15s %5s  %s\n' kubectl "$(size "$d/kubectl")" "$(first_line "$d/kubectl" version --client)"
  [ -x "$d/etcd" ] && printf '   %-15s %5s  %s\n' etcd "$(size "$d/etcd")" "$(first_line "$d/etcd" --version)"
done
echo "$bin"
[ -x "$bin/helm" ] && printf '   %-15s %5s  %s\n' helm "$(size "$bin/helm")" "$(first_line "$bin/helm" version --short)"
[ -x "$bin/kubeseal" ] && printf '   %-15s %5s  %s\n' kubeseal "$(size "$bin/kubeseal")" "$(first_line "$bin/kubeseal" --version)"
[ -x "$bin/controller" ] && printf '   %-15s %5s  %s\n' controller "$(size "$bin/controller")" "$(first_line "$bin/controller" --version)"
echo "Go module cache: $(du -sh "$(go env GOMODCACHE)" 2>/dev/null | cut -f1) in $(go env GOMODCACHE); build cache: $(du -sh "$(go env GOCACHE)" 2>/dev/null | cut -f1)"
