package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/session"
	"github.com/spf13/cobra"
)

// The states of a session in "entratoken status".
const (
	stateSignedIn = "signed_in"     // the generator accepts it
	stateNone     = "not_signed_in" // no session kept or given
	stateEnded    = "ended"         // the kept one passed its known end; forgotten
	stateRejected = "rejected"      // the generator says no
	stateInactive = "inactive"      // idle past the proxy's inactivity timeout
	stateUnknown  = "unknown"       // the generator could not be asked
)

func newStatusCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the login session and the configured token sources",
		Long: `Show whether a generator session is kept and where, whether the generator
still accepts it and when it ends, and the token sources that are set up
(generator URL, Texas endpoints, Entra ID client). Never a secret.

A kept session the generator rejects is forgotten. Exit status: 0 signed in,
1 not (no session, rejected, ended, or the generator could not be asked).`,
		Example: `  entratoken status
  entratoken status --json | jq .generator.session.ends_at`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withApp(*g, func(a *app) error {
				r := a.status(cmd.Context())
				if err := r.print(cmd.OutOrStdout(), asJSON, a.now()); err != nil {
					return err
				}
				if !r.SignedIn {
					return failed(errors.New(r.Generator.Session.summary()))
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// statusReport is what "entratoken status" shows.
type statusReport struct {
	SignedIn  bool `json:"signed_in"`
	Generator struct {
		URL     string        `json:"url"`
		Session sessionReport `json:"session"`
	} `json:"generator"`
	Texas struct {
		TokenEndpoint         string `json:"token_endpoint"`
		ExchangeEndpoint      string `json:"exchange_endpoint"`
		IntrospectionEndpoint string `json:"introspection_endpoint"`
	} `json:"texas"`
	Entra struct {
		TokenEndpoint string `json:"token_endpoint"`
		ClientID      string `json:"client_id"`
		Issuer        string `json:"issuer"`
		// Credential is which one is set: private_key, client_secret or
		// none; never the credential itself.
		Credential string `json:"credential"`
		Problem    string `json:"problem,omitempty"`
	} `json:"entra"`
}

// sessionReport is the session's part of the report.
type sessionReport struct {
	State string `json:"state"`
	// Store is the configured session_store.
	Store string `json:"store"`
	// From is where this run's session is: keyring, file, none (memory),
	// ENTRATOKEN_SESSION, or sandbox; "" when there is none.
	From string `json:"from,omitempty"`
	// Where is the keyring in words or the file's path.
	Where  string     `json:"where,omitempty"`
	EndsAt *time.Time `json:"ends_at,omitempty"`
	// EndsInSeconds is how long the session has left when it was asked.
	EndsInSeconds *int64     `json:"ends_in_seconds,omitempty"`
	TimeoutAt     *time.Time `json:"timeout_at,omitempty"`
	Forgotten     bool       `json:"forgotten,omitempty"`
	Problem       string     `json:"problem,omitempty"`
}

// status gathers the report: it asks the generator about the session (a
// kept one it rejects is forgotten), and reads the sources' settings.
func (a *app) status(ctx context.Context) statusReport {
	var r statusReport
	r.Generator.URL = a.cfg.GeneratorURL
	r.Generator.Session = a.sessionReport(ctx)
	r.SignedIn = r.Generator.Session.State == stateSignedIn
	r.Texas.TokenEndpoint = a.texas.TokenEndpoint
	r.Texas.ExchangeEndpoint = a.texas.ExchangeEndpoint
	r.Texas.IntrospectionEndpoint = a.texas.IntrospectionEndpoint
	r.Entra.Credential = "none"
	if l, ok := a.broker.Sources[flows.ViaEntra].(*lazyEntra); ok {
		e, err := l.load()
		if err != nil {
			r.Entra.Problem = err.Error()
		}
		r.Entra.TokenEndpoint, r.Entra.ClientID, r.Entra.Issuer = e.TokenEndpoint, e.ClientID, e.Issuer
		switch {
		case e.JWK != "":
			r.Entra.Credential = "private_key"
		case e.ClientSecret != "":
			r.Entra.Credential = "client_secret"
		}
	}
	return r
}

func (a *app) sessionReport(ctx context.Context) sessionReport {
	s := sessionReport{Store: string(a.sess.keeper.Store.Kind())}
	ctx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	defer cancel()
	var info flows.SessionInfo
	var err error
	if a.session != "" { // given for this run: asked about, never kept or forgotten here
		s.From = a.sess.from
		if s.From == "" {
			s.From = "sandbox"
		}
		info, err = a.gen.Session(ctx, a.session)
	} else {
		var kept session.Kept
		kept, info, err = a.sess.keeper.Verify(ctx)
		if err == nil || !errors.Is(err, session.ErrNotKept) {
			s.From, s.Where = string(kept.Place.Kind), kept.Place.String()
			s.EndsAt = timePtr(kept.EndsAt)
		}
	}
	var ended *session.EndedError
	switch {
	case err == nil:
		secs := int64(info.EndsIn / time.Second)
		s.State, s.EndsAt, s.EndsInSeconds = stateSignedIn, timePtr(a.now().Add(info.EndsIn).Round(time.Second)), &secs
		s.TimeoutAt = timePtr(info.TimeoutAt)
	case errors.As(err, &ended):
		s.State, s.EndsAt, s.Forgotten = stateEnded, timePtr(ended.At), true
	case errors.Is(err, session.ErrNotKept):
		s.State, s.Problem = stateNone, keptProblem(err)
		var ke *session.KeyringError
		if s.Problem == "" && errors.As(err, &ke) {
			s.Problem = ke.Error() // a word the token path keeps to itself
		}
	case session.Rejected(err):
		s.State, s.Forgotten = stateRejected, a.session == ""
		if !info.TimeoutAt.IsZero() {
			s.State, s.TimeoutAt = stateInactive, timePtr(info.TimeoutAt)
		}
	default:
		s.State, s.Problem = stateUnknown, flows.Explain(err).What
	}
	return s
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// print writes the report as JSON or as lines in the manner of gh auth
// status.
func (r statusReport) print(w io.Writer, asJSON bool, now time.Time) error {
	if asJSON {
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	s := r.Generator.Session
	fmt.Fprintf(w, "azure-token-generator  %s\n", r.Generator.URL)
	for _, l := range s.lines(now) {
		fmt.Fprintf(w, "  %s\n", l)
	}
	fmt.Fprintln(w, "Texas")
	item(w, "token endpoint", r.Texas.TokenEndpoint, "NAIS_TOKEN_ENDPOINT or texas.token_endpoint")
	item(w, "exchange endpoint", r.Texas.ExchangeEndpoint, "NAIS_TOKEN_EXCHANGE_ENDPOINT or texas.exchange_endpoint")
	item(w, "introspection", r.Texas.IntrospectionEndpoint, "NAIS_TOKEN_INTROSPECTION_ENDPOINT or texas.introspection_endpoint")
	fmt.Fprintln(w, "Entra ID")
	item(w, "client ID", r.Entra.ClientID, "AZURE_APP_CLIENT_ID or entra.client_id")
	item(w, "token endpoint", r.Entra.TokenEndpoint, "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT or entra.token_endpoint")
	cred := map[string]string{"private_key": "private key (AZURE_APP_JWK)", "client_secret": "client secret (AZURE_APP_CLIENT_SECRET)"}[r.Entra.Credential]
	item(w, "credential", cred, "AZURE_APP_JWK or AZURE_APP_CLIENT_SECRET, in the environment or entra.env_file")
	if r.Entra.Problem != "" {
		item(w, "problem", r.Entra.Problem, "")
	}
	return nil
}

// item writes one setting, or where to set it.
func item(w io.Writer, name, value, where string) {
	if value == "" {
		value = "not set (" + where + ")"
	}
	fmt.Fprintf(w, "  - %-18s %s\n", name+":", flows.Printable(value))
}

// lines says the session's state in words, ✓, X or ! first.
func (s sessionReport) lines(now time.Time) []string {
	where := s.Where
	if where == "" {
		where = s.From
	}
	when := func(t *time.Time) string { return clockTime(*t) + " (" + flows.Relative(*t, now) + ")" }
	var out []string
	switch s.State {
	case stateSignedIn:
		out = []string{"✓ Signed in: the generator accepts the session from " + where, "- Session ends " + when(s.EndsAt)}
		if s.TimeoutAt != nil {
			out = append(out, "- Idle timeout "+when(s.TimeoutAt))
		}
		return out
	case stateUnknown:
		out = []string{"! Could not check the session from " + where + ": " + s.Problem}
		if s.EndsAt != nil {
			out = append(out, "- Last known end "+when(s.EndsAt))
		}
		return out
	case stateNone:
		out = []string{"X Not signed in: no session kept (session_store: " + s.Store + ")"}
		if s.Problem != "" {
			out = append(out, "- "+s.Problem)
		}
	case stateEnded:
		out = []string{"X Not signed in: the kept session ended " + when(s.EndsAt) + " and is forgotten"}
	default: // rejected or inactive
		why := "no longer accepts"
		if s.State == stateInactive {
			why = "found idle since " + clockTime(*s.TimeoutAt) + " and no longer accepts"
		}
		out = []string{"X Not signed in: the generator " + why + " the session from " + where}
		if s.Forgotten {
			out[0] += "; it is forgotten"
		}
	}
	return append(out, "- Log in: entratoken login")
}

// summary is the report in one line, for stderr when not signed in.
func (s sessionReport) summary() string {
	if s.State == stateUnknown {
		return "could not check the generator session: " + s.Problem
	}
	return "not signed in to azure-token-generator (" + s.State + ")"
}
