#!/usr/bin/env bash
# Build the Kubernetes control-plane binaries and shared tools from the pinned
# Go modules under tools/ (versions in tools/versions.env).
#
#   bash tools/build.sh                 # everything
#   bash tools/build.sh 1.29.15 helm    # only some targets
#
# Targets: all (default), k8s (every Kubernetes version), <k8s version>,
#          helm, sealed-secrets, helm4, gitops (the gitops tier's controllers:
#          argocd, flux, redis, registry; each also a target of its own).
# `all` is the cluster tier's tools; the gitops targets are built only when named.
#
# Layout (git-ignored, override the root with TOOLS_CACHE_DIR):
#   .cache/assets/<k8s version>/{kube-apiserver,kubectl,etcd,VERSION}   # KUBEBUILDER_ASSETS dirs
#   .cache/bin/{helm,kubeseal,controller}
#   .cache/etcd/<etcd version>/etcd                             # shared by asset dirs
#   .cache/stamps/*.stamp                                       # what each binary was built from
#   .cache/helm4/helm                                           # helm v4 (install.sh proof)
#   .cache/gitops/bin/{argocd,argocd-repo-server,argocd-application-controller,
#                      source-controller,kustomize-controller,helm-controller,miniredis,registry}
#   .cache/gitops/argocd-helm/helm                              # the helm Argo CD's repo-server execs
#   .cache/gitops/src/<module>@<version>/                       # patched copies of upstream modules
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

# fresh NAME OUT KEY: true (and counted as up to date) when OUT exists and was built from KEY.
fresh() {
  local stamp=$stamps/$1.stamp
  if [ -x "$2" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$3" ]; then skipped+=("$1"); return 0; fi
  return 1
}

# compile NAME DIR PKG OUT LDFLAGS KEY: go build PKG inside DIR into OUT, then record KEY as its stamp.
compile() {
  local name=$1 dir=$2 pkg=$3 out=$4 ldflags=$5 key=$6 t0=$SECONDS tmp="$4.tmp.$$"
  mkdir -p "$(dirname "$out")"
  (cd "$dir" && go build -p "$GOMAXPROCS" -trimpath -ldflags "$ldflags" -o "$tmp" "$pkg")
  mv -f "$tmp" "$out"
  printf '%s' "$key" > "$stamps/$name.stamp"
  echo "   built $name in $((SECONDS - t0))s"
  built+=("$name $((SECONDS - t0))s")
}

# build NAME MODDIR PKG OUT LDFLAGS
build() {
  local name=$1 moddir=$2 pkg=$3 out=$4 ldflags=$5 key
  key="$gover $pkg $(cat "$moddir/go.mod" "$moddir/go.sum" | sha256sum | cut -c1-16) $ldflags"
  fresh "$name" "$out" "$key" && return 0
  echo ">> building $name ($pkg) -> $out"
  compile "$name" "$moddir" "$pkg" "$out" "$ldflags" "$key"
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

# build_upstream NAME MODULE VERSION PKG OUT LDFLAGS [EDIT...]
# Builds PKG inside a copy of MODULE@VERSION (from the Go module proxy), so the
# module's own go.mod (its replace block, its pins) applies, after EDITs: a path
# to a patch file (tools/*.patch, applied with patch -p1) or `go mod edit` flags
# (-dropreplace=..., -replace=...). The stamp covers the edits and the patches.
build_upstream() {
  local name=$1 mod=$2 ver=$3 pkg=$4 out=$5 ldflags=$6; shift 6
  local key e edits=""
  for e in "$@"; do
    case $e in -*) edits+=" $e" ;; *) edits+=" $(basename "$e"):$(sha256sum < "$e" | cut -c1-16)" ;; esac
  done
  key="$gover $mod@$ver $pkg$edits $ldflags"
  fresh "$name" "$out" "$key" && return 0
  echo ">> building $name ($mod@$ver $pkg) -> $out"
  local src=$cache/gitops/src/${mod//\//_}@$ver dir
  dir=$(cd /tmp && go mod download -json "$mod@$ver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$dir" ] || { echo "build.sh: go mod download $mod@$ver gave no directory" >&2; exit 1; }
  rm -rf "$src"; mkdir -p "$(dirname "$src")"; cp -R "$dir" "$src"; chmod -R u+w "$src"
  for e in "$@"; do
    case $e in -*) (cd "$src" && go mod edit "$e") ;; *) patch -s -p1 -d "$src" < "$e" ;; esac
  done
  compile "$name" "$src" "$pkg" "$out" "$ldflags" "$key"
}

# helm_ldflags MAJOR VERSION: version variables as upstream's Makefile sets them.
helm_ldflags() {
  echo "-s -w -X helm.sh/helm/v$1/internal/version.version=v$2 -X helm.sh/helm/v$1/internal/version.gitTreeState=clean"
}

# Argo CD: one binary that dispatches on argv[0]; the tier starts it only through
# the two component-name symlinks. The repo-server execs `helm` from PATH: the
# version Argo CD pins (hack/tool-versions.sh) goes into a directory of its own.
build_argocd() {
  local g=$cache/gitops m=github.com/argoproj/argo-cd/v2 p=github.com/argoproj/argo-cd/v2/common
  local ld="-s -w -X $p.version=$ARGOCD_VERSION -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  build_upstream "argocd-$ARGOCD_VERSION" $m "v$ARGOCD_VERSION" ./cmd "$g/bin/argocd" "$ld" \
    "$here/argocd-metrics-loopback.patch"
  ln -sf argocd "$g/bin/argocd-repo-server"
  ln -sf argocd "$g/bin/argocd-application-controller"
  build_upstream "argocd-helm-$ARGOCD_HELM_VERSION" helm.sh/helm/v3 "v$ARGOCD_HELM_VERSION" ./cmd/helm \
    "$g/argocd-helm/helm" "$(helm_ldflags 3 "$ARGOCD_HELM_VERSION")"
}

# Flux: the module zips lack the nested ./api module their go.mod replaces
# itself with, so use the published api module of the same version instead.
build_flux() {
  local g=$cache/gitops f=github.com/fluxcd
  build_upstream "source-controller-$FLUX_SOURCE_CONTROLLER_VERSION" $f/source-controller \
    "v$FLUX_SOURCE_CONTROLLER_VERSION" . "$g/bin/source-controller" "-s -w" \
    -dropreplace=$f/source-controller/api -require=$f/source-controller/api@v$FLUX_SOURCE_CONTROLLER_VERSION \
    -replace=$f/pkg/artifact=$f/pkg/artifact@v$FLUX_ARTIFACT_VERSION
  build_upstream "kustomize-controller-$FLUX_KUSTOMIZE_CONTROLLER_VERSION" $f/kustomize-controller \
    "v$FLUX_KUSTOMIZE_CONTROLLER_VERSION" . "$g/bin/kustomize-controller" "-s -w" \
    -dropreplace=$f/kustomize-controller/api -require=$f/kustomize-controller/api@v$FLUX_KUSTOMIZE_CONTROLLER_VERSION
  build_upstream "helm-controller-$FLUX_HELM_CONTROLLER_VERSION" $f/helm-controller \
    "v$FLUX_HELM_CONTROLLER_VERSION" . "$g/bin/helm-controller" "-s -w" \
    -dropreplace=$f/helm-controller/api -require=$f/helm-controller/api@v$FLUX_HELM_CONTROLLER_VERSION
}

build_helm4() {
  build_upstream "helm4-$HELM4_VERSION" helm.sh/helm/v4 "v$HELM4_VERSION" ./cmd/helm "$cache/helm4/helm" \
    "$(helm_ldflags 4 "$HELM4_VERSION")"
}

# Argo CD's cache: an in-memory Redis (tools/miniredis, a few lines of Go).
build_redis() {
  require_pin "$here/miniredis" github.com/alicebob/miniredis/v2 "v$MINIREDIS_VERSION"
  build miniredis-$MINIREDIS_VERSION "$here/miniredis" . "$cache/gitops/bin/miniredis" "-s -w"
}

# The OCI registry: Debian's docker-registry package, unpacked (not installed).
build_registry() {
  local out=$cache/gitops/bin/registry key="docker-registry=$REGISTRY_DEB_VERSION"
  fresh registry "$out" "$key" && return 0
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
    { echo "build.sh: the registry comes from Debian's docker-registry package: needs apt-get and dpkg-deb" >&2; exit 1; }
  echo ">> unpacking docker-registry $REGISTRY_DEB_VERSION -> $out"
  local t0=$SECONDS tmp
  tmp=$(mktemp -d); chmod 755 "$tmp"   # apt downloads as its own user
  (cd "$tmp" && apt-get download -q "docker-registry=$REGISTRY_DEB_VERSION" >/dev/null && dpkg-deb -x docker-registry_*.deb root)
  mkdir -p "$(dirname "$out")"
  mv -f "$tmp/root/usr/bin/docker-registry" "$out"
  rm -rf "$tmp"
  printf '%s' "$key" > "$stamps/registry.stamp"
  built+=("registry $((SECONDS - t0))s")
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
    helm4) build_helm4 ;;
    gitops) build_redis; build_registry; build_argocd; build_flux; build_helm4 ;;
    argocd) build_argocd ;;
    flux) build_flux ;;
    redis) build_redis ;;
    registry) build_registry ;;
    [0-9]*.*) case " $K8S_VERSIONS " in *" $target "*) build_k8s "$target" ;;
                *) echo "build.sh: $target is not in K8S_VERSIONS ($K8S_VERSIONS)" >&2; exit 2 ;; esac ;;
    *) echo "build.sh: unknown target '$target' (all|k8s|<k8s version>|helm|sealed-secrets|helm4|gitops|argocd|flux|redis|registry)" >&2; exit 2 ;;
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
g=$cache/gitops
for f in "$g/bin/argocd" "$g/argocd-helm/helm" "$g/bin/source-controller" "$g/bin/kustomize-controller" \
         "$g/bin/helm-controller" "$g/bin/miniredis" "$g/bin/registry" "$cache/helm4/helm"; do
  [ -x "$f" ] && printf '   %-40s %5s\n' "${f#"$cache"/}" "$(size "$f")"
done
echo "Go module cache: $(du -sh "$(go env GOMODCACHE)" 2>/dev/null | cut -f1) in $(go env GOMODCACHE); build cache: $(du -sh "$(go env GOCACHE)" 2>/dev/null | cut -f1)"
