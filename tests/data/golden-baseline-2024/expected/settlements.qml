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
    <alias field="aed_count_2024" name="二(五)19b aed-count-2024"/>
    <alias field="aed_count_2024_reached_pct" name="aed-count-2024 可达居民比例(%)"/>
    <alias field="aed_facility" name="aed 最近设施"/>
    <alias field="aed_min" name="aed 最近设施分钟"/>
    <alias field="aed_per_100k" name="二(五)19b aed-per-100k"/>
    <alias field="aed_per_100k_reached_pct" name="aed-per-100k 可达居民比例(%)"/>
    <alias field="aed_reach" name="aed 可达方式"/>
    <alias field="area_km2" name="面积(平方公里)"/>
    <alias field="basis" name="依据"/>
    <alias field="canteens_2024" name="二(三)10c canteens-2024"/>
    <alias field="canteens_2024_reached_pct" name="canteens-2024 可达居民比例(%)"/>
    <alias field="care_workers_per_10k_elderly" name="二(五)20 care-workers-per-10k-elderly"/>
    <alias field="care_workers_per_10k_elderly_reached_pct" name="care-workers-per-10k-elderly 可达居民比例(%)"/>
    <alias field="change" name="变化"/>
    <alias field="clause" name="条款"/>
    <alias field="community_health_stations" name="二(二)6 community-health-stations"/>
    <alias field="community_health_stations_reached_pct" name="community-health-stations 可达居民比例(%)"/>
    <alias field="consolidate_small_islands" name="二(四)11–12 consolidate-small-islands"/>
    <alias field="consolidate_small_islands_reached_pct" name="consolidate-small-islands 可达居民比例(%)"/>
    <alias field="distance_m" name="直线距离(米)"/>
    <alias field="education_facility" name="education 最近设施"/>
    <alias field="education_min" name="education 最近设施分钟"/>
    <alias field="education_reach" name="education 可达方式"/>
    <alias field="elderly" name="老年人口"/>
    <alias field="elderly_care_15min" name="二(三)8a elderly-care-15min"/>
    <alias field="elderly_care_15min_reached_pct" name="elderly-care-15min 可达居民比例(%)"/>
    <alias field="elderly_care_facility" name="elderly_care 最近设施"/>
    <alias field="elderly_care_min" name="elderly_care 最近设施分钟"/>
    <alias field="elderly_care_reach" name="elderly_care 可达方式"/>
    <alias field="emergency_facility" name="emergency 最近设施"/>
    <alias field="emergency_min" name="emergency 最近设施分钟"/>
    <alias field="emergency_point_per_town" name="二(五)19a emergency-point-per-town"/>
    <alias field="emergency_point_per_town_reached_pct" name="emergency-point-per-town 可达居民比例(%)"/>
    <alias field="emergency_reach" name="emergency 可达方式"/>
    <alias field="emergency_sub_centre" name="二(五)19 emergency-sub-centre"/>
    <alias field="emergency_sub_centre_reached_pct" name="emergency-sub-centre 可达居民比例(%)"/>
    <alias field="employment_facility" name="employment 最近设施"/>
    <alias field="employment_min" name="employment 最近设施分钟"/>
    <alias field="employment_reach" name="employment 可达方式"/>
    <alias field="facility" name="设施"/>
    <alias field="family" name="服务类别"/>
    <alias field="found" name="现有"/>
    <alias field="gap_rules" name="未达标规则"/>
    <alias field="gaps" name="未达标规则数"/>
    <alias field="gig_markets" name="二(四)14 gig-markets"/>
    <alias field="gig_markets_reached_pct" name="gig-markets 可达居民比例(%)"/>
    <alias field="health_15min" name="二(二)5a health-15min"/>
    <alias field="health_15min_reached_pct" name="health-15min 可达居民比例(%)"/>
    <alias field="health_band_island" name="二(二)5c–e health-band-island"/>
    <alias field="health_band_island_reached_pct" name="health-band-island 可达居民比例(%)"/>
    <alias field="health_band_village" name="二(二)5b health-band-village"/>
    <alias field="health_band_village_reached_pct" name="health-band-village 可达居民比例(%)"/>
    <alias field="health_facility" name="health 最近设施"/>
    <alias field="health_min" name="health 最近设施分钟"/>
    <alias field="health_reach" name="health 可达方式"/>
    <alias field="home_care_centres" name="二(三)8b home-care-centres"/>
    <alias field="home_care_centres_reached_pct" name="home-care-centres 可达居民比例(%)"/>
    <alias field="id" name="编号"/>
    <alias field="island" name="海岛"/>
    <alias field="island_assignment" name="海岛归属方式"/>
    <alias field="island_name" name="海岛(拼音)"/>
    <alias field="island_name_zh" name="海岛名称"/>
    <alias field="kind" name="类型"/>
    <alias field="kind_zh" name="类型(中文)"/>
    <alias field="liuheng_clinic_merger" name="二(五)19 liuheng-clinic-merger"/>
    <alias field="liuheng_clinic_merger_reached_pct" name="liuheng-clinic-merger 可达居民比例(%)"/>
    <alias field="livelihood_complexes" name="二(三)10a livelihood-complexes"/>
    <alias field="livelihood_complexes_reached_pct" name="livelihood-complexes 可达居民比例(%)"/>
    <alias field="livelihood_facility" name="livelihood 最近设施"/>
    <alias field="livelihood_min" name="livelihood 最近设施分钟"/>
    <alias field="livelihood_reach" name="livelihood 可达方式"/>
    <alias field="logistics_district_centre" name="二(六)22c logistics-district-centre"/>
    <alias field="logistics_district_centre_reached_pct" name="logistics-district-centre 可达居民比例(%)"/>
    <alias field="logistics_facility" name="logistics 最近设施"/>
    <alias field="logistics_min" name="logistics 最近设施分钟"/>
    <alias field="logistics_reach" name="logistics 可达方式"/>
    <alias field="logistics_town_centres" name="二(六)22c logistics-town-centres"/>
    <alias field="logistics_town_centres_reached_pct" name="logistics-town-centres 可达居民比例(%)"/>
    <alias field="logistics_village_points" name="二(六)22c logistics-village-points"/>
    <alias field="logistics_village_points_reached_pct" name="logistics-village-points 可达居民比例(%)"/>
    <alias field="meal_delivery_share" name="二(三)10c meal-delivery-share"/>
    <alias field="meal_delivery_share_reached_pct" name="meal-delivery-share 可达居民比例(%)"/>
    <alias field="meal_points_2024" name="二(三)10c meal-points-2024"/>
    <alias field="meal_points_2024_reached_pct" name="meal-points-2024 可达居民比例(%)"/>
    <alias field="meals_facility" name="meals 最近设施"/>
    <alias field="meals_min" name="meals 最近设施分钟"/>
    <alias field="meals_reach" name="meals 可达方式"/>
    <alias field="minutes" name="分钟"/>
    <alias field="name" name="名称(拼音)"/>
    <alias field="name_zh" name="名称"/>
    <alias field="overall_rank" name="总排名"/>
    <alias field="path" name="路径类型"/>
    <alias field="population" name="常住人口"/>
    <alias field="population_covered" name="新覆盖人口"/>
    <alias field="poverty_care_facility" name="poverty_care 最近设施"/>
    <alias field="poverty_care_min" name="poverty_care 最近设施分钟"/>
    <alias field="poverty_care_only_main_and_liuheng" name="二(三)10b poverty-care-only-main-and-liuheng"/>
    <alias field="poverty_care_only_main_and_liuheng_reached_pct" name="poverty-care-only-main-and-liuheng 可达居民比例(%)"/>
    <alias field="poverty_care_reach" name="poverty_care 可达方式"/>
    <alias field="profile" name="出行方式"/>
    <alias field="pupils_on_large_islands" name="二(一)1 pupils-on-large-islands"/>
    <alias field="pupils_on_large_islands_reached_pct" name="pupils-on-large-islands 可达居民比例(%)"/>
    <alias field="rank" name="规则内排名"/>
    <alias field="reason_en" name="原因(英文)"/>
    <alias field="reason_zh" name="原因"/>
    <alias field="required" name="要求"/>
    <alias field="residents" name="居民数"/>
    <alias field="rule" name="规则"/>
    <alias field="senior_classroom_share" name="二(三)8c senior-classroom-share"/>
    <alias field="senior_classroom_share_reached_pct" name="senior-classroom-share 可达居民比例(%)"/>
    <alias field="senior_education_facility" name="senior_education 最近设施"/>
    <alias field="senior_education_min" name="senior_education 最近设施分钟"/>
    <alias field="senior_education_reach" name="senior_education 可达方式"/>
    <alias field="senior_school_per_town" name="二(三)8c senior-school-per-town"/>
    <alias field="senior_school_per_town_reached_pct" name="senior-school-per-town 可达居民比例(%)"/>
    <alias field="settlement" name="居民点"/>
    <alias field="site" name="选址"/>
    <alias field="site_name" name="选址(拼音)"/>
    <alias field="site_name_zh" name="选址名称"/>
    <alias field="small_island_monthly_round" name="二(三)9 small-island-monthly-round"/>
    <alias field="small_island_monthly_round_reached_pct" name="small-island-monthly-round 可达居民比例(%)"/>
    <alias field="solver_status" name="求解状态"/>
    <alias field="status" name="状态"/>
    <alias field="subject" name="对象"/>
    <alias field="subject_kind" name="对象类型"/>
    <alias field="territory" name="居住范围"/>
    <alias field="tier" name="等级"/>
    <alias field="town" name="乡镇(街道)"/>
    <alias field="training_30min" name="二(四)15 training-30min"/>
    <alias field="training_30min_reached_pct" name="training-30min 可达居民比例(%)"/>
    <alias field="training_facility" name="training 最近设施"/>
    <alias field="training_min" name="training 最近设施分钟"/>
    <alias field="training_reach" name="training 可达方式"/>
    <alias field="transport_facility" name="transport 最近设施"/>
    <alias field="transport_min" name="transport 最近设施分钟"/>
    <alias field="transport_reach" name="transport 可达方式"/>
    <alias field="transport_stations" name="二(六)22a transport-stations"/>
    <alias field="transport_stations_reached_pct" name="transport-stations 可达居民比例(%)"/>
    <alias field="village_care_centres" name="二(三)8b village-care-centres"/>
    <alias field="village_care_centres_reached_pct" name="village-care-centres 可达居民比例(%)"/>
    <alias field="village_clinics_standardised" name="二(五)19c village-clinics-standardised"/>
    <alias field="village_clinics_standardised_reached_pct" name="village-clinics-standardised 可达居民比例(%)"/>
    <alias field="village_code" name="区划代码"/>
    <alias field="water_facility" name="water 最近设施"/>
    <alias field="water_min" name="water 最近设施分钟"/>
    <alias field="water_reach" name="water 可达方式"/>
    <alias field="water_stations" name="二(六)22d water-stations"/>
    <alias field="water_stations_reached_pct" name="water-stations 可达居民比例(%)"/>
  </aliases>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerOpacity>1</layerOpacity>
  <layerGeometryType>0</layerGeometryType>
</qgis>
