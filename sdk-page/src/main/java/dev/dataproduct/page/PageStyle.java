package dev.dataproduct.page;

/** The inline stylesheet and the index's search script: no CDN, no external resource. */
final class PageStyle {
  private PageStyle() {}

  static final String CSS = """
      :root{--fg:#1d2330;--muted:#5b6578;--line:#dde2ea;--bg:#f6f8fb;--card:#fff;--accent:#2457c5;
      --ok:#2f8f4e;--warn:#b7791f;--bad:#c53030}
      *{box-sizing:border-box}
      body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
      header.top{background:#17233b;color:#fff;padding:20px 32px}
      header.top a{color:#b9cdf7}
      header.top h1{margin:4px 0 2px;font-size:28px}
      .sub{color:#c9d3e6;margin:0}
      main{max-width:1100px;margin:0 auto;padding:16px 32px 48px}
      section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:16px 0}
      h2{font-size:19px;margin:0 0 10px}
      h3{font-size:16px;margin:18px 0 6px}
      table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:14px}
      th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
      th{color:var(--muted);font-weight:600;background:#fafbfd}
      code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;background:#eef1f6;padding:1px 4px;border-radius:3px}
      .tag,.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;margin:0 4px 2px 0;background:#e8eefc;color:#24408e}
      .c-public{background:#e6f4ea;color:#1e6b37}.c-internal{background:#eef1f6;color:#3c4657}
      .c-confidential{background:#fff4e0;color:#8a5300}.c-restricted,.c-pii{background:#fde8e8;color:#9b1c1c}
      .a-FAIL{background:#fde8e8;color:#9b1c1c}.a-QUARANTINE{background:#fff4e0;color:#8a5300}.a-WARN{background:#eef1f6;color:#3c4657}
      .allow{color:var(--ok);font-weight:600}.deny{color:var(--bad);font-weight:600}
      .muted{color:var(--muted)}
      dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
      dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
      .port{border-top:1px solid var(--line);padding-top:8px;margin-top:12px}
      .chart{width:100%;max-width:660px;height:auto;display:block}
      .chart .bar{fill:#5b8def}.chart .bar-quarantine{fill:#e05252}
      .chart .axis{stroke:#9aa4b5}.chart .tick,.chart .axis-label{font-size:10px;fill:#5b6578}
      .chart .sla{stroke:#b7791f;stroke-dasharray:5 4}
      .chart .gap{fill:#2457c5}.chart .gap.late{fill:#c53030}.chart .gap-line{fill:none;stroke:#9db6ee}
      input#search{width:100%;padding:8px 10px;font-size:15px;border:1px solid var(--line);border-radius:6px}
      .filters{display:flex;gap:8px;margin:8px 0}
      .filters select{padding:6px;border:1px solid var(--line);border-radius:6px}
      footer{color:var(--muted);font-size:12px;text-align:center;padding:12px}
      """;

  /** Filters the index rows by the search box (every word must match) and the domain select. */
  static final String SEARCH_JS = """
      (function(){
        var q=document.getElementById('search'),d=document.getElementById('domain-filter');
        var rows=document.querySelectorAll('#products tbody tr');
        function apply(){
          var words=q.value.toLowerCase().split(/\\s+/).filter(function(w){return w.length>0;});
          var dom=d.value,shown=0;
          for(var i=0;i<rows.length;i++){
            var r=rows[i],text=r.getAttribute('data-search'),ok=!dom||r.getAttribute('data-domain')===dom;
            for(var j=0;ok&&j<words.length;j++){ok=text.indexOf(words[j])>=0;}
            r.style.display=ok?'':'none';if(ok){shown++;}
          }
          document.getElementById('shown').textContent=shown+' of '+rows.length+' products';
        }
        q.addEventListener('input',apply);d.addEventListener('change',apply);apply();
      })();
      """;
}
