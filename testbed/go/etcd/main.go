// Command etcd runs etcd's own entry point; it exists because etcd's root module
// cannot be `go install`ed (it has replace directives).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
