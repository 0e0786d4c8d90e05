package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/entratoken/entratoken/flows"
)

// printFlowError explains a failed flow on stderr: what happened, why it
// probably happened and what to do next.
func printFlowError(w io.Writer, err error) {
	x := flows.Explain(err)
	fmt.Fprintf(w, "%s: %s\n", programName, x.What)
	line := func(label, v string) {
		if v != "" {
			fmt.Fprintf(w, "  %-6s %s\n", label+":", v)
		}
	}
	line("why", x.Why)
	line("next", x.Next)
	if x.Snippet != "" {
		fmt.Fprintln(w, "         the target app's manifest needs:")
		for _, l := range strings.Split(x.Snippet, "\n") {
			fmt.Fprintln(w, "           "+l)
		}
	}
	line("more", x.URL)
	if x.TraceID != "" || x.CorrelationID != "" {
		fmt.Fprintf(w, "  trace ID %s, correlation ID %s\n", orDash(x.TraceID), orDash(x.CorrelationID))
	}
	var nl *flows.NotLoggedInError
	if errors.As(err, &nl) {
		fmt.Fprintln(w, "  then:  copy the io.nais.wonderwall.session cookie from the browser and run `entratoken login`")
		fmt.Fprintln(w, "         (it keeps the session for the workday), or give it for one run as")
		fmt.Fprintln(w, "         ENTRATOKEN_SESSION=<cookie value> or --session-file <file>;")
		fmt.Fprintln(w, "         or copy the access_token the page shows: entratoken decode reads it from stdin")
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
