package sandbox

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// authDetailsContracts: Texas reads authorization_details as a JSON array
// of objects, or a string holding one (nais/texas
// src/oauth/identity_provider.rs, AuthorizationDetails::deserialize).
var authDetailsContracts = func() []contract {
	const upstream = "nais/texas src/oauth/identity_provider.rs AuthorizationDetails::deserialize"
	const jsonPre = `{"target":"api://dev-gcp.a.c/.default","identity_provider":"entra_id","authorization_details":`
	data := "Failed to deserialize the JSON body into the target type: authorization_details: "
	syntax := "Failed to parse the request body as JSON: authorization_details: "
	fromForm := "Failed to deserialize form body: authorization_details: "
	inString := "failed to parse authorization_details JSON string: "
	noVariant := "data did not match any variant of untagged enum RequestValue"
	js := func(v string) (string, string) { b := jsonPre + v + "}"; return b, fmt.Sprint(len(b)) }
	jsonRow := func(name, v string, status int, desc func(end string) string) contract {
		body, end := js(v)
		want := texasOK
		if status != 200 {
			want = `{"error":"invalid_request","error_description":"` + strings.ReplaceAll(desc(end), `"`, `\"`) + `"}`
		}
		return contract{upstream, "Texas: authorization_details " + name, raw("POST", texasToken, "application/json", body), status, "application/json", want, nil}
	}
	formRow := func(name, v string, status int, desc string) contract {
		want := texasOK
		if status != 200 {
			want = `{"error":"invalid_request","error_description":"` + strings.ReplaceAll(desc, `"`, `\"`) + `"}`
		}
		return contract{upstream, "Texas: authorization_details " + name, form(texasToken, "target", "api://dev-gcp.a.c/.default", "identity_provider", "entra_id", "authorization_details", v),
			status, "application/json", want, nil}
	}
	return []contract{
		jsonRow("as an array, JSON", `[{"type":"x","n":[1,2.5,{"a":null}]}]`, 200, nil),
		jsonRow("null, JSON", `null`, 200, nil),
		jsonRow("as a string, JSON", `"[{\"type\":\"x\"}]"`, 200, nil),
		formRow("as a string, form", `[{"type":"x"}]`, 200, ""),
		formRow("empty array, form", `[]`, 200, ""),
		jsonRow("a number, JSON", `5`, 400, func(end string) string { return data + noVariant + " at line 1 column " + end }),
		jsonRow("an object, JSON", `{"type":"x"}`, 400, func(end string) string { return data + noVariant + " at line 1 column " + end }),
		jsonRow("an array of numbers, JSON", `[1]`, 400, func(end string) string { return data + noVariant + " at line 1 column " + end }),
		jsonRow("a string that is no JSON", `"x"`, 400, func(end string) string {
			return data + inString + "expected value at line 1 column 1 at line 1 column " + end
		}),
		jsonRow("a string with a trailing comma", `"[{\"a\":1},]"`, 400, func(end string) string {
			return data + inString + "trailing comma at line 1 column 10 at line 1 column " + end
		}),
		jsonRow("a number out of range", `[{"a":1e400}]`, 400, func(string) string { return syntax + "number out of range at line 1 column 105" }),
		jsonRow("nested past the recursion limit", strings.Repeat("[", 130), 400, func(string) string {
			return syntax + "recursion limit exceeded at line 1 column 221"
		}),
		formRow("no JSON, form", "x", 400, fromForm+inString+"expected value at line 1 column 1"),
		formRow("an array of numbers, form", "[1]", 400, fromForm+inString+"invalid type: integer `1`, expected a map at line 1 column 2"),
		formRow("null, form", "null", 400, fromForm+inString+"invalid type: null, expected a sequence at line 1 column 4"),
		formRow("an object, form", `{"type":"x"}`, 400, fromForm+inString+"invalid type: map, expected a sequence at line 1 column 0"),
		formRow("trailing characters, form", `[] x`, 400, fromForm+inString+"trailing characters at line 1 column 4"),
	}
}()

// TestTexasCachesByAuthorizationDetails: Texas's cache key holds the parsed
// authorization_details, so the same value written two ways is one entry
// and another value is another.
func TestTexasCachesByAuthorizationDetails(t *testing.T) {
	s, _ := start(t, Options{})
	ask := func(ctype, body string) string {
		r := do(t, noRedirects, raw("POST", texasToken, ctype, body)(s))
		var answer struct {
			AccessToken string `json:"access_token"`
		}
		if r.status != 200 || json.Unmarshal([]byte(r.body), &answer) != nil || answer.AccessToken == "" {
			t.Fatalf("HTTP %d: %s", r.status, r.body)
		}
		return answer.AccessToken
	}
	const pre = `{"target":"api://dev-gcp.a.c/.default","identity_provider":"entra_id"`
	first := ask("application/json", pre+`,"authorization_details":[{"type":"x","b":1}]}`)
	same := ask("application/json", pre+`,"authorization_details":"[ {\"b\":1, \"type\":\"x\"} ]"}`)
	other := ask("application/json", pre+`,"authorization_details":[{"type":"y"}]}`)
	none := ask("application/json", pre+`}`)
	if first != same {
		t.Error("the same authorization_details written another way got another token: Texas would serve it from its cache")
	}
	if other == first || none == first {
		t.Error("other authorization_details (or none) got the cached token of the first")
	}
}
