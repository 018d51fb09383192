//go:build tools

// Package tools pins go.etcd.io/etcd/server/v3 v3.5.35 for tools/build.sh.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
)
