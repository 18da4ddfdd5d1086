// tg-app is the test application the drill and the test cluster run: a small HTTP server whose
// termination behaviour is chosen by flags (or TG_* environment variables), and a pause mode
// that serves as the test cluster's sandbox image.
//
//	tg-app serve --listen :8080 --on-term drain|ignore|exit|default --shutdown-delay 2s
//	             --drain-timeout 30s --exit-code 0 --handle TERM,INT --startup-delay 0s --version v1
//	tg-app pause
//	tg-app proxy --listen tcp:127.0.0.1:6443|unix:/path --to tcp:…|unix:…
//
// Endpoints: / (200 "ok <version> <hostname>"), /slow?ms=N (answers after N ms), /healthz.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

var signalsByName = map[string]syscall.Signal{
	"TERM": syscall.SIGTERM, "INT": syscall.SIGINT, "QUIT": syscall.SIGQUIT, "HUP": syscall.SIGHUP,
	"USR1": syscall.SIGUSR1, "USR2": syscall.SIGUSR2, "WINCH": syscall.SIGWINCH,
}

func env(name, fallback string) string {
	if value, ok := os.LookupEnv(name); ok {
		return value
	}
	return fallback
}

func durationEnv(name string, fallback time.Duration) time.Duration {
	if value, ok := os.LookupEnv(name); ok {
		if parsed, err := time.ParseDuration(value); err == nil {
			return parsed
		}
	}
	return fallback
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stdout, "%s tg-app[%d]: %s\n", time.Now().UTC().Format("15:04:05.000"), os.Getpid(), fmt.Sprintf(format, args...))
}

func main() {
	mode := "serve"
	args := os.Args[1:]
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		mode, args = args[0], args[1:]
	}
	switch mode {
	case "serve":
		serve(args)
	case "pause":
		pause()
	case "proxy":
		proxy(args)
	default:
		fmt.Fprintf(os.Stderr, "tg-app: unknown mode %q (serve or pause)\n", mode)
		os.Exit(2)
	}
}

func serve(args []string) {
	flags := flag.NewFlagSet("serve", flag.ExitOnError)
	listen := flags.String("listen", env("TG_LISTEN", ":8080"), "address to listen on")
	onTerm := flags.String("on-term", env("TG_ON_TERM", "drain"), "drain, ignore, exit or default")
	shutdownDelay := flags.Duration("shutdown-delay", durationEnv("TG_SHUTDOWN_DELAY", 0), "keep accepting this long after the signal")
	drainTimeout := flags.Duration("drain-timeout", durationEnv("TG_DRAIN_TIMEOUT", 30*time.Second), "wait at most this long for in-flight requests")
	exitCodeText := flags.String("exit-code", env("TG_EXIT_CODE", "0"), "exit code after the signal")
	handle := flags.String("handle", env("TG_HANDLE", "TERM,INT"), "signals that start the shutdown")
	startupDelay := flags.Duration("startup-delay", durationEnv("TG_STARTUP_DELAY", 0), "wait this long before listening")
	version := flags.String("version", env("TG_VERSION", "v1"), "version string in answers")
	_ = flags.Parse(args)
	exitCode, err := strconv.Atoi(*exitCodeText)
	if err != nil {
		fmt.Fprintf(os.Stderr, "tg-app: --exit-code must be a number\n")
		os.Exit(2)
	}
	var handled []os.Signal
	for _, name := range strings.Split(*handle, ",") {
		name = strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(name)), "SIG")
		if sig, ok := signalsByName[name]; ok {
			handled = append(handled, sig)
		}
	}

	signals := make(chan os.Signal, 4)
	switch *onTerm {
	case "ignore":
		signal.Ignore(handled...)
	case "default":
		// The Go runtime's own behaviour for an unhandled signal.
	case "drain", "exit":
		signal.Notify(signals, handled...)
	default:
		fmt.Fprintf(os.Stderr, "tg-app: --on-term must be drain, ignore, exit or default\n")
		os.Exit(2)
	}

	time.Sleep(*startupDelay)
	hostname, _ := os.Hostname()
	var inFlight atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "ok %s %s\n", *version, hostname)
	})
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		inFlight.Add(1)
		defer inFlight.Add(-1)
		ms, _ := strconv.Atoi(r.URL.Query().Get("ms"))
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
			fmt.Fprintf(w, "ok %s slow %d\n", *version, ms)
		case <-r.Context().Done():
		}
	})
	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(os.Stderr, "tg-app: %v\n", err)
		os.Exit(1)
	}
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	logf("listening on %s (version %s, on-term %s, pid %d)", listener.Addr(), *version, *onTerm, os.Getpid())
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()

	select {
	case err := <-served:
		fmt.Fprintf(os.Stderr, "tg-app: %v\n", err)
		os.Exit(1)
	case sig := <-signals:
		logf("received %v with %d request(s) in flight", sig, inFlight.Load())
		if *onTerm == "exit" {
			os.Exit(exitCode)
		}
		time.Sleep(*shutdownDelay)
		ctx, cancel := context.WithTimeout(context.Background(), *drainTimeout)
		defer cancel()
		if err := server.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logf("drain cut short: %v", err)
		}
		logf("shut down; exiting %d", exitCode)
		os.Exit(exitCode)
	}
}

// proxy copies TCP or unix-socket connections to another address: the test cluster's bridge
// from the host's loopback into the node's network namespace over a socket file both can see.
func proxy(args []string) {
	flags := flag.NewFlagSet("proxy", flag.ExitOnError)
	listen := flags.String("listen", "", "tcp:host:port or unix:/path")
	to := flags.String("to", "", "tcp:host:port or unix:/path")
	_ = flags.Parse(args)
	split := func(address string) (string, string) {
		network, rest, _ := strings.Cut(address, ":")
		return network, rest
	}
	network, address := split(*listen)
	if network == "unix" {
		_ = os.Remove(address)
	}
	listener, err := net.Listen(network, address)
	if err != nil {
		fmt.Fprintf(os.Stderr, "tg-app proxy: %v\n", err)
		os.Exit(1)
	}
	targetNetwork, target := split(*to)
	for {
		client, err := listener.Accept()
		if err != nil {
			fmt.Fprintf(os.Stderr, "tg-app proxy: %v\n", err)
			os.Exit(1)
		}
		go func() {
			defer client.Close()
			upstream, err := net.DialTimeout(targetNetwork, target, 5*time.Second)
			if err != nil {
				return
			}
			defer upstream.Close()
			done := make(chan struct{}, 2)
			go func() { _, _ = io.Copy(upstream, client); done <- struct{}{} }()
			go func() { _, _ = io.Copy(client, upstream); done <- struct{}{} }()
			<-done
		}()
	}
}

// pause is a sandbox's PID 1: it exits 0 on SIGTERM or SIGINT and reaps orphans.
func pause() {
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGCHLD)
	for sig := range signals {
		if sig != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			var status syscall.WaitStatus
			pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
