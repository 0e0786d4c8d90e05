package verify

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// checkURL is the rule for every URL keys are fetched from: https, or
// http only to a loopback host (127.0.0.0/8, ::1, localhost), which is
// what the sandbox and a kubectl port-forward use. Keys fetched in the
// clear could be swapped on the way, and a swapped key makes a forged
// token verify.
//
// It is the same rule issue 14 asks of every URL that receives a
// credential; once flows has that shared rule, this one should be it.
func checkURL(what, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("%s %q is not an http(s) URL", what, raw)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return fmt.Errorf("%s %q is plain http to a host that is not loopback: keys must come over https (http only to 127.0.0.1, ::1 or localhost)", what, raw)
	}
	return nil
}

// isLoopback reports a loopback host name or address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackURL reports a URL whose host is loopback (the sandbox, a
// port-forward).
func loopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && isLoopback(u.Hostname())
}
