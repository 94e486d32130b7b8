#!/usr/bin/env node
// A committed launcher, so that installs can link the bin before the package is built.
import "../dist/bin.js";
