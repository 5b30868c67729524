#!/usr/bin/env node
// Compose Kinerja's subgraphs into a Federation supergraph SDL.
//
// Input: a JSON array of {name, url, sdl}, read from the file named by the first positional
// argument or, without one, from stdin. Output: the supergraph SDL on stdout, or in the file
// given with `--out FILE`. Composition errors are printed to stderr and the exit code is 1;
// bad input exits 2.
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "graphql";
import { composeServices, compositionHasErrors } from "@theguild/federation-composition";

function parseArgs(argv) {
  const args = { input: null, out: null };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--out") {
      args.out = argv[(i += 1)];
      if (!args.out) throw new Error("--out needs a file name");
    } else if (argv[i].startsWith("--out=")) {
      args.out = argv[i].slice("--out=".length);
    } else if (args.input === null) {
      args.input = argv[i];
    } else {
      throw new Error(`unexpected argument: ${argv[i]}`);
    }
  }
  return args;
}

function readSubgraphs(input) {
  // fd 0 is stdin; readFileSync reads it to the end.
  const subgraphs = JSON.parse(readFileSync(input ?? 0, "utf8"));
  if (!Array.isArray(subgraphs) || subgraphs.length === 0) {
    throw new Error("expected a non-empty JSON array of {name, url, sdl}");
  }
  for (const sg of subgraphs) {
    for (const key of ["name", "url", "sdl"]) {
      if (typeof sg?.[key] !== "string" || sg[key] === "") {
        throw new Error(`every subgraph needs a string "${key}"`);
      }
    }
  }
  return subgraphs;
}

function toServices(subgraphs) {
  // A subgraph whose SDL does not even parse is a composition error, reported like the others.
  const errors = [];
  const services = [];
  for (const { name, url, sdl } of subgraphs) {
    try {
      services.push({ name, url, typeDefs: parse(sdl) });
    } catch (error) {
      errors.push(`[${name}] ${error.message}`);
    }
  }
  return { services, errors };
}

function main() {
  let args;
  let subgraphs;
  try {
    args = parseArgs(process.argv.slice(2));
    subgraphs = readSubgraphs(args.input);
  } catch (error) {
    process.stderr.write(`compose: ${error.message}\n`);
    return 2;
  }
  const { services, errors } = toServices(subgraphs);
  if (errors.length > 0) {
    process.stderr.write(`Composition failed:\n${errors.map((e) => `  - ${e}\n`).join("")}`);
    return 1;
  }
  const result = composeServices(services);
  if (compositionHasErrors(result)) {
    const lines = result.errors.map((e) => `  - ${e.message}\n`).join("");
    process.stderr.write(`Composition failed:\n${lines}`);
    return 1;
  }
  const supergraph = result.supergraphSdl.endsWith("\n")
    ? result.supergraphSdl
    : `${result.supergraphSdl}\n`;
  if (args.out) {
    writeFileSync(args.out, supergraph);
  } else {
    process.stdout.write(supergraph);
  }
  return 0;
}

process.exitCode = main();
