//go:build tools

// Keeps helm-diff's main package in this module's graph; built with
// `go build github.com/databus23/helm-diff/v3`.
package tools

import _ "github.com/databus23/helm-diff/v3"
