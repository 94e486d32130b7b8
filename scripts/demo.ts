// Interim demo until the CLI lands: builds the client and prints the operations it
// was generated with, read from the built package itself.
import { execFileSync } from "node:child_process";

execFileSync("pnpm", ["exec", "turbo", "run", "build", "--filter=@tokenops/client", "--output-logs=errors-only"], {
  stdio: "inherit",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
});
const { operations, schemaEnums } = await import("@tokenops/client");
console.log("@tokenops/client was generated from spec/openapi.yaml with these operations:");
for (const [id, op] of Object.entries(operations)) {
  console.log(`  ${op.method.padEnd(4)} ${op.path.padEnd(32)} ${id} (${op.requestContentType ?? "no body"})`);
}
console.log(
  `sizes: ${schemaEnums.CreateVideoFormRequest.size.join(", ")}; seconds: ${schemaEnums.CreateVideoFormRequest.seconds.join(", ")}`,
);
