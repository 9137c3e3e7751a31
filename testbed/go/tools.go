//go:build tools

// Package tools pins the Kubernetes and etcd commands that the testbed builds,
// so that `go mod tidy` keeps their dependencies in this wrapper module.
package tools

import (
	_ "go.etcd.io/etcd/server/v3/etcdmain"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
)
