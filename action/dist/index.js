import { createRequire as __changeGateCreateRequire } from 'node:module';
const require = __changeGateCreateRequire(import.meta.url);
var l="change-gate-compile-cache";function n(t=process.env){let e=t.RUNNER_TOOL_CACHE;if(!e)return null;try{let{enableCompileCache:c}=process.getBuiltinModule("node:module"),{join:i}=process.getBuiltinModule("node:path");return c(i(e,l)).directory??null}catch{return null}}n();var o=(process.env.INPUT_COMMAND??"").trim()||"gate";o==="gate"||o==="finish"?await import("./deploy.js"):await import("./commands.js");
