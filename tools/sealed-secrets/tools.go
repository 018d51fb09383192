//go:build tools

// Package tools pins github.com/bitnami/sealed-secrets v0.40.0 for tools/build.sh.
package tools

import (
	_ "github.com/bitnami/sealed-secrets/cmd/kubeseal"
	_ "github.com/bitnami/sealed-secrets/cmd/controller"
)
