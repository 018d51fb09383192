//go:build tools

// Package tools pins go.etcd.io/etcd/server/v3 v3.7.3 for tools/build.sh.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
)
