package verify

import (
	"fmt"
	"net/url"

	"github.com/entratoken/entratoken/flows"
)

// checkURL is the rule for every URL keys are fetched from: https, or
// http only to a loopback host (127.0.0.0/8, ::1, localhost), which is
// what the sandbox and a kubectl port-forward use. Keys fetched in the
// clear could be swapped on the way, and a swapped key makes a forged
// token verify.
// It is flows.CheckCredentialURL's rule, with the reason keys have for it.
func checkURL(what, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("%s %q is not an http(s) URL", what, raw)
	}
	if u.Scheme == "http" && !flows.IsLoopbackHost(u.Hostname()) {
		return fmt.Errorf("%s %q is plain http to a host that is not loopback: keys must come over https (http only to 127.0.0.1, ::1 or localhost)", what, raw)
	}
	return nil
}

// loopbackURL reports a URL whose host is loopback (the sandbox, a
// port-forward).
func loopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && flows.IsLoopbackHost(u.Hostname())
}
