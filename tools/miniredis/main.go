// Command miniredis serves an in-memory Redis (github.com/alicebob/miniredis) on
// one address, for Argo CD's cache in the gitops tier (test/gitops). Built by
// tools/build.sh; stops on SIGINT/SIGTERM.
//
//	miniredis 127.0.0.1:6379
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/alicebob/miniredis/v2"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: miniredis HOST:PORT")
		os.Exit(2)
	}
	m := miniredis.NewMiniRedis()
	if err := m.StartAddr(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "miniredis:", err)
		os.Exit(1)
	}
	fmt.Println("miniredis listening on", m.Addr())
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	m.Close()
}
