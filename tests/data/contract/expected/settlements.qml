<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling|Rendering|Fields" labelsEnabled="1">
  <renderer-v2 type="categorizedSymbol" attr="status" forceraster="0" symbollevels="0" enableorderby="1" referencescale="-1">
    <categories>
      <category symbol="0" value="served" label="已达标 served" render="true"/>
      <category symbol="1" value="gap" label="未达标 gap" render="true"/>
      <category symbol="2" value="relocate" label="拟迁居 relocate" render="true"/>
    </categories>
    <symbols>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="26,150,65,255"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="50,50,50,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="3.2"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="26,150,65,255"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="50,50,50,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.2"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="3.2"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="215,25,28,255"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="50,50,50,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="3.2"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="215,25,28,255"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="50,50,50,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.2"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="3.2"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="253,174,97,255"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="50,50,50,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="3.2"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="253,174,97,255"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="50,50,50,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.2"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="3.2"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
    </symbols>
    <orderby>
      <orderByClause asc="1" nullsFirst="0">if(&quot;status&quot; = &apos;gap&apos;, 1e12, 0) - coalesce(&quot;population&quot;, 0)</orderByClause>
    </orderby>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="trim(coalesce(&quot;name_zh&quot;, &apos;&apos;) || &apos;&#10;&apos; || coalesce(&quot;name&quot;, &apos;&apos;))" isExpression="1" fontFamily="Noto Sans CJK SC" namedStyle="Regular" fontSize="7.5" fontSizeUnit="Point" fontWeight="50" fontItalic="0" textColor="50,50,50,255" textOpacity="1" multilineHeight="1" blendMode="0" allowHtml="0" capitalization="0">
        <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.85" bufferNoFill="1" bufferJoinStyle="128" bufferBlendMode="0"/>
      </text-style>
      <text-format multilineAlign="3" wrapChar="" autoWrapLength="0" formatNumbers="0" decimals="3" plussign="0" addDirectionSymbol="0"/>
      <placement placement="0" placementFlags="10" dist="1" distUnits="MM" quadOffset="4" offsetType="0" centroidInside="1" centroidWhole="0" fitInPolygonOnly="0" priority="5" repeatDistance="0" overrunDistance="0" lineAnchorPercent="0.5"/>
      <rendering drawLabels="1" scaleVisibility="1" scaleMin="0" scaleMax="250000" obstacle="1" obstacleFactor="1" obstacleType="1" displayAll="0" upsidedownLabels="0" labelPerPart="0" mergeLines="0" limitNumLabels="0" maxNumLabels="2000" minFeatureSize="0" zIndex="0" fontLimitPixelSize="0" fontMinPixelSize="0" fontMaxPixelSize="10000"/>
    </settings>
  </labeling>
  <aliases>
    <alias field="area_km2" name="面积(平方公里)"/>
    <alias field="basis" name="依据"/>
    <alias field="change" name="变化"/>
    <alias field="clause" name="条款"/>
    <alias field="consolidate" name="二(四)11–12 consolidate"/>
    <alias field="consolidate_reached_pct" name="consolidate 可达居民比例(%)"/>
    <alias field="distance_m" name="直线距离(米)"/>
    <alias field="elderly" name="老年人口"/>
    <alias field="elderly_15min" name="二(三)8a elderly-15min"/>
    <alias field="elderly_15min_reached_pct" name="elderly-15min 可达居民比例(%)"/>
    <alias field="elderly_care_facility" name="elderly_care 最近设施"/>
    <alias field="elderly_care_min" name="elderly_care 最近设施分钟"/>
    <alias field="elderly_care_reach" name="elderly_care 可达方式"/>
    <alias field="facility" name="设施"/>
    <alias field="family" name="服务类别"/>
    <alias field="found" name="现有"/>
    <alias field="gap_rules" name="未达标规则"/>
    <alias field="gaps" name="未达标规则数"/>
    <alias field="health_15min" name="二(二)5a health-15min"/>
    <alias field="health_15min_reached_pct" name="health-15min 可达居民比例(%)"/>
    <alias field="health_facility" name="health 最近设施"/>
    <alias field="health_min" name="health 最近设施分钟"/>
    <alias field="health_reach" name="health 可达方式"/>
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
    <alias field="village_clinic" name="二(二)5b village-clinic"/>
    <alias field="village_clinic_reached_pct" name="village-clinic 可达居民比例(%)"/>
    <alias field="village_code" name="区划代码"/>
  </aliases>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerOpacity>1</layerOpacity>
  <layerGeometryType>0</layerGeometryType>
</qgis>
