//go:build tools

// Package tools pins the Kubernetes 1.29.15 commands built by tools/build.sh.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
