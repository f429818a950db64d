<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling|Rendering|Fields" labelsEnabled="0">
  <renderer-v2 type="graduatedSymbol" attr="minutes" graduatedMethod="GraduatedColor" forceraster="0" symbollevels="0" enableorderby="1" referencescale="-1">
    <ranges>
      <range symbol="0" lower="0.000000" upper="5.000000" label="≤5分钟 ≤ 5 min" render="true"/>
      <range symbol="1" lower="5.000000" upper="10.000000" label="≤10分钟 ≤ 10 min" render="true"/>
      <range symbol="2" lower="10.000000" upper="15.000000" label="≤15分钟 ≤ 15 min" render="true"/>
      <range symbol="3" lower="15.000000" upper="30.000000" label="≤30分钟 ≤ 30 min" render="true"/>
      <range symbol="4" lower="30.000000" upper="60.000000" label="≤60分钟 ≤ 60 min" render="true"/>
      <range symbol="5" lower="60.000000" upper="1000000000.000000" label="60分钟以上 over 60 min" render="true"/>
    </ranges>
    <symbols>
      <symbol type="fill" name="0" alpha="0.5" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="8,48,107,255"/>
            <Option type="QString" name="joinstyle" value="round"/>
            <Option type="QString" name="outline_color" value="4,24,53,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
          <prop k="color" v="8,48,107,255"/>
          <prop k="joinstyle" v="round"/>
          <prop k="outline_color" v="4,24,53,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.2"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>
      <symbol type="fill" name="1" alpha="0.5" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="8,81,156,255"/>
            <Option type="QString" name="joinstyle" value="round"/>
            <Option type="QString" name="outline_color" value="4,40,78,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
          <prop k="color" v="8,81,156,255"/>
          <prop k="joinstyle" v="round"/>
          <prop k="outline_color" v="4,40,78,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.2"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>
      <symbol type="fill" name="2" alpha="0.5" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="49,130,189,255"/>
            <Option type="QString" name="joinstyle" value="round"/>
            <Option type="QString" name="outline_color" value="24,65,94,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
          <prop k="color" v="49,130,189,255"/>
          <prop k="joinstyle" v="round"/>
          <prop k="outline_color" v="24,65,94,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.2"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>
      <symbol type="fill" name="3" alpha="0.5" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="107,174,214,255"/>
            <Option type="QString" name="joinstyle" value="round"/>
            <Option type="QString" name="outline_color" value="53,87,107,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
          <prop k="color" v="107,174,214,255"/>
          <prop k="joinstyle" v="round"/>
          <prop k="outline_color" v="53,87,107,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.2"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>
      <symbol type="fill" name="4" alpha="0.5" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="158,202,225,255"/>
            <Option type="QString" name="joinstyle" value="round"/>
            <Option type="QString" name="outline_color" value="79,101,112,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
          <prop k="color" v="158,202,225,255"/>
          <prop k="joinstyle" v="round"/>
          <prop k="outline_color" v="79,101,112,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.2"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>
      <symbol type="fill" name="5" alpha="0.5" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="198,219,239,255"/>
            <Option type="QString" name="joinstyle" value="round"/>
            <Option type="QString" name="outline_color" value="99,109,119,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
          <prop k="color" v="198,219,239,255"/>
          <prop k="joinstyle" v="round"/>
          <prop k="outline_color" v="99,109,119,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.2"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>
    </symbols>
    <orderby>
      <orderByClause asc="0" nullsFirst="0">&quot;minutes&quot;</orderByClause>
    </orderby>
  </renderer-v2>
  <aliases>
    <alias field="area_km2" name="面积(平方公里)"/>
    <alias field="basis" name="依据"/>
    <alias field="change" name="变化"/>
    <alias field="clause" name="条款"/>
    <alias field="distance_m" name="直线距离(米)"/>
    <alias field="elderly" name="老年人口"/>
    <alias field="facility" name="设施"/>
    <alias field="family" name="服务类别"/>
    <alias field="found" name="现有"/>
    <alias field="gap_rules" name="未达标规则"/>
    <alias field="gaps" name="未达标规则数"/>
    <alias field="id" name="编号"/>
    <alias field="island" name="海岛"/>
    <alias field="island_assignment" name="海岛归属方式"/>
    <alias field="island_name" name="海岛(拼音)"/>
    <alias field="island_name_zh" name="海岛名称"/>
    <alias field="kind" name="类型"/>
    <alias field="kind_zh" name="类型(中文)"/>
    <alias field="minutes" name="分钟"/>
    <alias field="name" name="名称(拼音)"/>
    <alias field="name_zh" name="名称"/>
    <alias field="overall_rank" name="总排名"/>
    <alias field="path" name="路径类型"/>
    <alias field="population" name="常住人口"/>
    <alias field="population_covered" name="新覆盖人口"/>
    <alias field="profile" name="出行方式"/>
    <alias field="rank" name="规则内排名"/>
    <alias field="reason_en" name="原因(英文)"/>
    <alias field="reason_zh" name="原因"/>
    <alias field="required" name="要求"/>
    <alias field="residents" name="居民数"/>
    <alias field="rule" name="规则"/>
    <alias field="settlement" name="居民点"/>
    <alias field="site" name="选址"/>
    <alias field="site_name" name="选址(拼音)"/>
    <alias field="site_name_zh" name="选址名称"/>
    <alias field="solver_status" name="求解状态"/>
    <alias field="status" name="状态"/>
    <alias field="subject" name="对象"/>
    <alias field="subject_kind" name="对象类型"/>
    <alias field="territory" name="居住范围"/>
    <alias field="tier" name="等级"/>
    <alias field="town" name="乡镇(街道)"/>
    <alias field="village_code" name="区划代码"/>
  </aliases>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerOpacity>1</layerOpacity>
  <layerGeometryType>2</layerGeometryType>
</qgis>
