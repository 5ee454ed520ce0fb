//go:build tools

// Keeps etcd's main package in this module's graph; built with `go build go.etcd.io/etcd/server/v3`.
package tools

import _ "go.etcd.io/etcd/server/v3"
