//go:build tools

// Keeps the control-plane commands in this module's graph (the classic tools.go pattern); they are
// built with `go build k8s.io/kubernetes/cmd/...`, this file is never compiled.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
