package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/flows/verify"
	"github.com/spf13/cobra"
)

func newDecodeCmd(g *globals) *cobra.Command {
	var asJSON, introspect bool
	var vf verifyFlags
	cmd := &cobra.Command{
		Use:   "decode [TOKEN|-]",
		Short: "Explain a token: header, claims in plain words, expiry",
		Long: `Decode a JWT and explain every claim. The token comes from the argument
or, without one (or with -), from stdin. It may be a bare token, "Bearer
<token>", an Authorization header line, or the JSON that
azure-token-generator shows. Nothing is verified unless asked: --verify
checks the signature with the issuer's published keys, the issuer, the
expiry and, with --aud or --target, the audience, and exits 0 when the
token is valid, 1 when it is not, 3 when it could not be checked (e.g. the
keys were unreachable). --introspect asks Texas whether it is valid (needs
NAIS_TOKEN_INTROSPECTION_ENDPOINT or texas.introspection_endpoint); Texas
accepts only tokens issued to its own app.`,
		Example: `  entratoken token dev-gcp:team:app | entratoken decode
  entratoken decode --json "$TOKEN" | jq .claims.roles
  pbpaste | entratoken decode
  entratoken decode --verify --aud "$AZURE_APP_CLIENT_ID" "$TOKEN"`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			want, err := vf.expect()
			if err != nil {
				return err
			}
			var a *app
			if introspect || vf.on() {
				if a, err = newApp(*g); err != nil {
					return err
				}
				defer a.cleanup()
			}
			if introspect {
				// Refuse a missing endpoint before reading or printing anything.
				if err := a.texas.CheckIntrospection(); err != nil {
					return err
				}
			}
			tok, err := readToken(args, cmd.InOrStdin(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			now := time.Now()
			var report *verify.Report
			if vf.on() {
				r := a.verifier().Verify(cmd.Context(), tok, want)
				report = &r
			}
			if asJSON {
				err = writeDecodedJSON(out, tok, now, report)
			} else {
				writeDecoded(out, tok, now)
				if report != nil {
					writeReport(out, *report)
				}
			}
			if err == nil && introspect {
				err = runIntrospect(cmd.Context(), a, tok, out, cmd.ErrOrStderr())
			}
			if err != nil || report == nil {
				return err
			}
			return verdict(cmd.Context(), *report)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print header, claims and times as JSON")
	cmd.Flags().BoolVar(&introspect, "introspect", false, "also ask Texas's introspection endpoint")
	vf.add(cmd, g)
	return cmd
}

func readToken(args []string, stdin io.Reader, stderr io.Writer) (*flows.Token, error) {
	var text string
	if len(args) == 0 || args[0] == "-" {
		if f, ok := stdin.(*os.File); ok && isTerminal(f) {
			fmt.Fprintln(stderr, "Paste a token (or the generator's JSON), then press ctrl+d.")
		}
		b, err := readStdin(stdin)
		if err != nil {
			return nil, err
		}
		text = string(b)
	} else {
		text = args[0]
	}
	if strings.TrimSpace(text) == "" {
		return nil, errors.New("no token given: pass one as an argument or on stdin")
	}
	p, err := flows.Pickup(text)
	if errors.Is(err, flows.ErrNothingFound) {
		return nil, errors.New("no token found: give a JWT (eyJ…), \"Bearer <jwt>\" or the JSON azure-token-generator answers, as the argument or on stdin")
	}
	if err != nil {
		return nil, err
	}
	if p.Token == nil {
		return nil, errors.New("that is a session cookie, not a token: give it to 'entratoken token --obo' via ENTRATOKEN_SESSION")
	}
	return p.Token, nil
}

func writeDecoded(w io.Writer, tok *flows.Token, now time.Time) {
	kind := "user token (OBO): " + strings.TrimSpace(tok.Claim("NAVident")+" "+tok.Claim("name"))
	if tok.IsApp() {
		kind = "app token (M2M): " + tok.Claim("azp_name") + ", roles " + tok.Claim("roles")
	}
	fmt.Fprintf(w, "%s\n", kind)
	fmt.Fprintf(w, "header: alg %s, kid %s, typ %s\n", orDash(tok.Header.Alg), orDash(tok.Header.Kid), orDash(tok.Header.Typ))
	if tok.ExpiresAt.IsZero() {
		fmt.Fprintln(w, "expiry unknown: the token has no exp claim")
	} else {
		state := "expires " + flows.Relative(tok.ExpiresAt, now)
		if tok.TimeLeft(now) <= 0 {
			state = "EXPIRED " + flows.Relative(tok.ExpiresAt, now)
		}
		fmt.Fprintf(w, "%s, lifetime %s\n", state, flows.Span(tok.Lifetime()))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CLAIM\tVALUE\tMEANING")
	for _, r := range tok.Rows() {
		v := r.Value
		if !r.Time.IsZero() {
			v = r.Time.Local().Format("2006-01-02 15:04:05") + " (" + flows.Relative(r.Time, now) + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Name, v, r.Meaning)
	}
	tw.Flush()
}

func writeDecodedJSON(w io.Writer, tok *flows.Token, now time.Time, report *verify.Report) error {
	out := map[string]any{
		"header": tok.RawHeader(), "claims": tok.Claims, "app": tok.IsApp(),
		"lifetime_seconds": int64(tok.Lifetime().Seconds()),
		// null when the expiry is unknown: none is invented
		"expires_at": nil, "time_left_seconds": nil, "expired": nil,
	}
	if !tok.ExpiresAt.IsZero() {
		out["expires_at"] = tok.ExpiresAt.UTC().Format(time.RFC3339)
		out["time_left_seconds"] = int64(tok.TimeLeft(now).Seconds())
		out["expired"] = tok.TimeLeft(now) <= 0
	}
	if report != nil {
		out["verification"] = report
	}
	return writeJSON(w, out)
}

// writeJSON prints v as indented JSON, lossless and with every control
// character escaped (see flows.EscapeJSON): values come from the token
// or from Texas.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(flows.EscapeJSON(b), '\n'))
	return err
}

// audienceHint is added when Texas calls a token inactive for its
// audience, the usual surprise: introspection is not a general validator.
const audienceHint = "hint: Texas introspects only tokens for its own app (aud = its client ID)"

func runIntrospect(ctx context.Context, a *app, tok *flows.Token, w, errw io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	defer cancel()
	res, err := a.texas.Introspect(ctx, tok.Raw)
	if err != nil {
		return failed(err)
	}
	fmt.Fprintln(w, "\nTexas introspection:")
	if err := writeJSON(w, res); err != nil {
		return err
	}
	if reason, _ := res["error"].(string); res["active"] == false && strings.Contains(strings.ToLower(reason), "audience") {
		fmt.Fprintln(errw, audienceHint)
	}
	return nil
}
