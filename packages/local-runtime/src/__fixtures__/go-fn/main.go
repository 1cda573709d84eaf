// A Go Lambda whose event picks what it does: echo, fail (returned error), panic, sleep.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type event struct {
	Action string `json:"action"`
	Name   string `json:"name"`
}

type reply struct {
	Message  string `json:"message"`
	Arch     string `json:"arch"`
	Function string `json:"function"`
	Request  string `json:"request"`
}

func handle(ctx context.Context, e event) (*reply, error) {
	lc, _ := lambdacontext.FromContext(ctx)
	fmt.Printf("action %s\n", e.Action)
	switch e.Action {
	case "fail":
		return nil, errors.New("order " + e.Name + " is not valid")
	case "panic":
		var m map[string]int
		m["boom"] = 1
	case "sleep":
		time.Sleep(30 * time.Second)
	}
	return &reply{Message: "Hello, " + e.Name + "!", Arch: runtime.GOARCH, Function: os.Getenv("AWS_LAMBDA_FUNCTION_NAME"), Request: lc.AwsRequestID}, nil
}

func main() {
	lambda.Start(handle)
}
