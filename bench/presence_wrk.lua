-- bench/presence.py's wrk script: viewers whose players send real heartbeats. The viewers come from a file (one a
-- line: path, session, token, live: 1 or 0, tab-separated), shared among wrk's threads; each request is one
-- viewer's next beat (its sequence number, the time, seconds present or the range played since its previous beat),
-- the viewers taking turns. Counts the answers by status; prints them with wrk's latency percentiles as one JSON
-- line at the end.
-- Usage: wrk -t T -c C -d Ss -s bench/presence_wrk.lua http://127.0.0.1:PORT/ -- VIEWERS_FILE T

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local viewers, turn = {}, 1
acked, refused, refused_429, refused_503 = 0, 0, 0, 0  -- globals: read by done() through thread:get

function init(args)
  local file, count = args[1], tonumber(args[2])
  local line_number = 0
  for line in io.lines(file) do
    if line_number % count == tid - 1 then
      local path, token, live = line:match("^([^\t]+)\t[^\t]+\t([^\t]+)\t([01])$")
      table.insert(viewers, {path = path, token = token, live = live == "1", seq = 0, position = 0, last = 0})
    end
    line_number = line_number + 1
  end
end

function request()
  local viewer = viewers[turn]
  turn = turn % #viewers + 1
  local now = os.time()
  local played = viewer.last > 0 and math.min(15, now - viewer.last) or 0
  viewer.last = now
  viewer.seq = viewer.seq + 1
  local event = viewer.seq > 1 and "beat" or "play"
  local beat
  if viewer.live then
    beat = string.format('{"seq":%d,"t":%d,"ev":"%s","d":%d,"q":"720p"}', viewer.seq, now * 1000, event, played)
  else  -- the range played since the previous beat, within the 600-second recording
    local from = viewer.position
    viewer.position = math.min(590, from + played)
    beat = string.format('{"seq":%d,"t":%d,"ev":"%s","from":%d,"to":%d,"speed":1}', viewer.seq, now * 1000, event,
                         from, viewer.position)
  end
  local body = string.format('{"token":"%s","sent":%d,"beats":[%s]}', viewer.token, now * 1000, beat)
  return wrk.format("POST", viewer.path, {["Content-Type"] = "application/json",
                                          ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) bench"}, body)
end

function response(status, headers, body)
  if status == 200 or status == 204 then  -- 204: the ceiling's endpoint
    acked = acked + 1
  else
    refused = refused + 1
    if status == 429 then refused_429 = refused_429 + 1 elseif status == 503 then refused_503 = refused_503 + 1 end
  end
end

function done(summary, latency, requests)
  local totals = {acked = 0, refused = 0, refused_429 = 0, refused_503 = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  local errors = summary.errors
  io.write(string.format('{"answers":%d,"seconds":%.3f,"acked":%d,"refused":%d,"refused_429":%d,"refused_503":%d,'
                         .. '"p50_ms":%.2f,"p99_ms":%.2f,"socket_errors":%d}\n',
                         summary.requests, summary.duration / 1e6, totals.acked, totals.refused, totals.refused_429,
                         totals.refused_503, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                         errors.connect + errors.read + errors.write + errors.timeout))
end
