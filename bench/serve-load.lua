-- wrk script for bench/serve-load.sh: drives `readout serve` and reports what the shell script
-- checks. Two modes, chosen by the arguments after `--`:
--   wrk ... -s bench/serve-load.lua URL -- post DIR   POST the articles listed in DIR/index.tsv
--        (lines "published<TAB>file", one text file per article) round-robin to
--        /api/code?published=DATE as text/plain; each wrk thread starts at another article
--   wrk ... -s bench/serve-load.lua URL -- get PATH   GET PATH (e.g. /api/events?actor=USA)
-- A response counts as failed unless its status is 2xx and, for /api/code, its body is a
-- readout/1 document. At the end it prints machine-readable lines "RESULT key value" (latency
-- in microseconds) after wrk's own report.

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local reqs, nreqs, next_req
local bad_by_status = {}
-- globals, so that done() can read them from each thread (thread:get reads globals only)
mode, ok, bad, bad_body, codes = nil, 0, 0, 0, ""

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

function init(args)
  mode = args[1]
  reqs = {}
  if mode == "post" then
    local dir = args[2]
    for line in io.lines(dir .. "/index.tsv") do
      local published, file = line:match("^([^\t]*)\t(.+)$")
      local body = read_file(dir .. "/" .. file)
      local path = "/api/code"
      if published ~= "" then path = path .. "?published=" .. published end
      table.insert(reqs, wrk.format("POST", path, { ["Content-Type"] = "text/plain; charset=utf-8" }, body))
    end
  elseif mode == "get" then
    table.insert(reqs, wrk.format("GET", args[2]))
  else
    error("serve-load.lua: mode must be 'post DIR' or 'get PATH', not " .. tostring(mode))
  end
  nreqs = #reqs
  assert(nreqs > 0, "serve-load.lua: nothing to send")
  next_req = (tid * 7) % nreqs -- threads start at different articles
end

function request()
  local i = next_req
  next_req = (next_req + 1) % nreqs
  return reqs[i + 1]
end

function response(status, headers, body)
  local good = status >= 200 and status < 300
  if good and mode == "post" and not body:find('"schema":"readout/1"', 1, true) then
    good = false
    bad_body = bad_body + 1
  end
  if good then
    ok = ok + 1
  else
    bad = bad + 1
    local key = tostring(status)
    bad_by_status[key] = (bad_by_status[key] or 0) + 1
    local parts = {}
    for k, v in pairs(bad_by_status) do table.insert(parts, k .. ":" .. v) end
    codes = table.concat(parts, ",")
    if bad <= 3 then
      io.stderr:write(string.format("serve-load.lua: HTTP %d: %s\n", status, body:sub(1, 300)))
    end
  end
end

function done(summary, latency, requests)
  local ok_n, bad_n, body_n = 0, 0, 0
  local all_codes = {}
  for _, t in ipairs(threads) do
    ok_n = ok_n + (t:get("ok") or 0)
    bad_n = bad_n + (t:get("bad") or 0)
    body_n = body_n + (t:get("bad_body") or 0)
    for k, v in string.gmatch(t:get("codes") or "", "(%d+):(%d+)") do
      all_codes[k] = (all_codes[k] or 0) + tonumber(v)
    end
  end
  local codes_list = {}
  for k, v in pairs(all_codes) do table.insert(codes_list, k .. ":" .. v) end
  table.sort(codes_list)
  local e = summary.errors
  local secs = summary.duration / 1e6
  local function out(k, v) io.write(string.format("RESULT %s %s\n", k, tostring(v))) end
  out("mode", threads[1] and threads[1]:get("mode") or "?")
  out("seconds", string.format("%.3f", secs))
  out("requests", summary.requests)
  out("ok", ok_n)
  out("non2xx", bad_n)
  out("bad_body", body_n)
  out("non2xx_codes", #codes_list > 0 and table.concat(codes_list, ",") or "-")
  out("err_connect", e.connect)
  out("err_read", e.read)
  out("err_write", e.write)
  out("err_timeout", e.timeout)
  out("err_status", e.status) -- wrk's own count of statuses over 399, a cross-check
  out("req_per_s", string.format("%.1f", summary.requests / secs))
  out("resp_mb_per_s", string.format("%.2f", summary.bytes / secs / 1e6))
  out("lat_mean_us", string.format("%.0f", latency.mean))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    out("lat_p" .. p .. "_us", latency:percentile(p))
  end
  out("lat_max_us", latency.max)
end
