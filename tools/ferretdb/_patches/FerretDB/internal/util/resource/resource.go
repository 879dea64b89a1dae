// Copyright 2021 FerretDB Inc.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

// Package resource provides utilities for tracking resource lifetimes.
//
// Kérourien's build (tools/ferretdb/_patches, applied with `go build -overlay`): Track and
// Untrack do nothing. FerretDB 1.24.2 tracked every document iterator in a pprof profile
// (a stack trace and a map entry under one global mutex) with a finalizer (which keeps
// each iterator alive one more GC cycle): 7 % of the engine's CPU per command in our
// profile, for a leak check that only panics. FerretDB's debug builds keep it; ours is
// a release build.
package resource

// Token should be a field of a tracked object.
//
// The underlying type is not struct{} because (from the Go spec)
// "Two distinct zero-size variables may have the same address in memory",
// and they do.
type Token byte

// NewToken returns a new Token.
func NewToken() *Token {
	return new(Token)
}

// Track did track the lifetime of an object until Untrack is called on it; a no-op here.
func Track(obj any, token *Token) {}

// Untrack did stop tracking the lifetime of an object; a no-op here.
func Untrack(obj any, token *Token) {}
