//go:build tools

// Package tools pins helm.sh/helm/v3 v3.21.4 for tools/build.sh.
package tools

import (
	_ "helm.sh/helm/v3/cmd/helm"
)
